package io.flotilla.environment.sync;

import io.flotilla.environment.builder.WheelRef;
import io.flotilla.environment.sync.PackageSyncEnvironments.SyncedEnvironment;
import io.flotilla.error.ServiceException;
import io.flotilla.identity.Caller;
import io.flotilla.identity.Workspace;
import io.flotilla.identity.WorkspaceAccess;
import io.micronaut.context.BeanProvider;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Package sync for workspace members: stores uploaded wheels, and turns a manifest into a software environment
 * (validated, classified, failOn applied, then handed to the environment engine). A refused manifest stores nothing.
 */
@Singleton
public class PackageSyncService {
    private final WorkspaceAccess access;
    private final WheelStore wheels;
    private final PackageClassifier classifier;
    private final BeanProvider<PackageSyncEnvironments> environments;

    public PackageSyncService(WorkspaceAccess access, WheelStore wheels, PackageClassifier classifier,
                              BeanProvider<PackageSyncEnvironments> environments) {
        this.access = access;
        this.wheels = wheels;
        this.classifier = classifier;
        this.environments = environments;
    }

    /** What a sync produced: the environment, each package's fate, and the issues that did not refuse it. */
    public record SyncResult(SyncedEnvironment environment, Classification classification) {
    }

    /** Stores a wheel in the workspace (members); the name and hash are checked before a byte is written. */
    public WheelRef upload(Caller caller, String workspace, String filename, String sha256, byte[] content) {
        WheelFileName name = WheelFileName.parse(filename);
        WheelFileName.requireSha256(sha256, "X-Content-SHA256");
        Workspace ws = access.requireMember(caller, workspace).workspace();
        return wheels.put(ws.id(), name, sha256, content);
    }

    /** Classifies the manifest and records its environment; PackageSyncRefused when failOn is met. */
    public SyncResult sync(Caller caller, String workspace, PackageSyncRequest request) {
        ManifestRules.check(request);
        Workspace ws = access.requireMember(caller, workspace).workspace();
        requireUploaded(ws.id(), request.manifest());
        Classification classification = classifier.classify(request);
        FailOn failOn = FailOn.parse(request.failOn());
        List<SyncIssue> refusing = classification.refusing(failOn);
        if (!refusing.isEmpty()) {
            throw new PackageSyncRefused(classification, refusing, failOn);
        }
        if (!environments.isPresent()) {
            throw ServiceException.unavailable("environments_unavailable", "This appliance has no software environment"
                    + " engine, so package sync cannot record an environment.", null);
        }
        PackageSyncEnvironments engine = environments.get();
        String name = engine.nameFor(classification.spec());
        return new SyncResult(engine.create(caller, workspace, name, classification.spec()), classification);
    }

    private void requireUploaded(UUID workspaceId, SyncManifest manifest) {
        for (SyncManifest.SyncPackage p : manifest.packages()) {
            WheelRef wheel = p.wheel() == null ? null : p.wheel().ref();
            if (wheel != null && !wheels.exists(workspaceId, wheel)) {
                throw new ServiceException(ServiceException.Kind.CONFLICT, "wheel_not_uploaded", "The wheel "
                        + wheel.filename() + " of " + p.name() + " was not uploaded to this workspace; upload it first"
                        + " (PUT .../wheels/" + wheel.filename() + ").", Map.of("field", "manifest.packages", "wheel", wheel.filename()));
            }
        }
    }
}
