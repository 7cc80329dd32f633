package io.flotilla.ui.views;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import io.flotilla.environment.EnvironmentView;
import io.flotilla.environment.builder.EnvironmentSpec;
import io.flotilla.environment.builder.WheelRef;

import java.util.stream.Collectors;

/** The spec of an environment version: its kind, python, architecture, GPU, hash, and its packages one a line. */
class EnvironmentSpecFacts extends Div {
    private final Span kind = value("envSpecKind");
    private final Span python = value("envSpecPython");
    private final Span architecture = value("envSpecArchitecture");
    private final Span gpu = value("envSpecGpu");
    private final Span hash = value("envSpecHash");
    private final Span createdBy = value("envSpecCreatedBy");
    private final Pre packages = new Pre();

    EnvironmentSpecFacts() {
        setId("envSpec");
        FlexLayout facts = new FlexLayout(fact("Kind", kind), fact("Python", python), fact("Architecture", architecture),
                fact("GPU", gpu), fact("Spec hash", hash), fact("Created by", createdBy));
        facts.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        facts.getStyle().set("gap", "var(--lumo-space-s) var(--lumo-space-xl)");
        packages.setId("envSpecPackages");
        packages.getStyle().set("background", "var(--lumo-contrast-5pct)").set("padding", "var(--lumo-space-s)")
                .set("white-space", "pre-wrap").set("max-height", "14em").set("overflow", "auto");
        add(facts, packages);
    }

    void show(EnvironmentView version) {
        EnvironmentSpec spec = version.spec();
        kind.setText(version.kind());
        python.setText(spec.python());
        architecture.setText(spec.architecture());
        gpu.setText(spec.gpu() ? "yes" : "no");
        hash.setText(version.specHash());
        createdBy.setText(version.createdBy() + ", " + Formats.minutes(version.createdAt(), ""));
        packages.setText(packagesOf(spec));
    }

    /** pip lines and uploaded wheels, the conda channels and dependencies, or the container image. */
    static String packagesOf(EnvironmentSpec spec) {
        if (spec.container() != null) {
            return "container image " + spec.container();
        }
        if (spec.conda() != null) {
            return "channels: " + String.join(", ", spec.conda().channels()) + "\n" + String.join("\n", spec.conda().dependencies());
        }
        String wheels = spec.wheels().stream().map(WheelRef::filename).map(f -> "wheel " + f).collect(Collectors.joining("\n"));
        return String.join("\n", spec.pip()) + (wheels.isEmpty() ? "" : (spec.pip().isEmpty() ? "" : "\n") + wheels);
    }

    private static Span value(String id) {
        Span span = new Span();
        span.setId(id);
        return span;
    }

    private static Component fact(String label, Component value) {
        Span caption = new Span(label);
        caption.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
        Div fact = new Div(caption, value);
        fact.getStyle().set("display", "flex").set("flex-direction", "column");
        return fact;
    }
}
