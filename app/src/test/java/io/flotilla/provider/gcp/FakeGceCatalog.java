package io.flotilla.provider.gcp;

import com.google.cloud.compute.v1.MachineType;

import java.util.ArrayList;
import java.util.List;

/** The machine types every zone of the fake offers: a realistic subset of Compute Engine's. */
final class FakeGceCatalog {
    private FakeGceCatalog() {
    }

    static List<MachineType> machineTypes(String zone) {
        List<MachineType> types = new ArrayList<>();
        types.add(shared("e2-micro", 2, 1024));
        types.add(shared("e2-medium", 2, 4096));
        for (int cpu : new int[]{2, 4, 8, 16, 32}) {
            types.add(type("e2-standard-" + cpu, cpu, cpu * 4096, "X86_64"));
            types.add(type("e2-highmem-" + cpu, cpu, cpu * 8192, "X86_64"));
            types.add(type("n2-standard-" + cpu, cpu, cpu * 4096, "X86_64"));
            types.add(type("n2d-standard-" + cpu, cpu, cpu * 4096, "X86_64"));
            types.add(type("n2-highmem-" + cpu, cpu, cpu * 8192, "X86_64"));
            types.add(type("t2a-standard-" + cpu, cpu, cpu * 4096, "ARM64"));
            types.add(type("c4a-standard-" + cpu, cpu, cpu * 4096, "ARM64"));
            types.add(type("n1-standard-" + cpu, cpu, cpu * 3840, ""));
        }
        types.add(type("n2-standard-64", 64, 65536 * 4, "X86_64"));
        types.add(type("n1-standard-1", 1, 3840, ""));
        types.add(type("a2-highgpu-1g", 12, 87040, "X86_64"));
        return types.stream().map(t -> t.toBuilder().setZone(zone).setKind("compute#machineType").build()).toList();
    }

    private static MachineType type(String name, int cpu, int memoryMb, String architecture) {
        MachineType.Builder type = MachineType.newBuilder().setName(name).setGuestCpus(cpu).setMemoryMb(memoryMb)
                .setIsSharedCpu(false).setId(Math.abs((long) name.hashCode()) + 1000);
        if (!architecture.isEmpty()) {
            type.setArchitecture(architecture);
        }
        return type.build();
    }

    private static MachineType shared(String name, int cpu, int memoryMb) {
        return type(name, cpu, memoryMb, "X86_64").toBuilder().setIsSharedCpu(true).build();
    }
}
