package io.flotilla.ui.views;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import io.flotilla.environment.EnvironmentService;
import io.flotilla.environment.EnvironmentView;
import io.flotilla.environment.builder.CondaSpec;
import io.flotilla.environment.builder.EnvironmentSpec;
import io.flotilla.error.ServiceException;
import io.flotilla.ui.session.ConsoleSession;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Form that creates a software environment version: a name, pip requirements (one a line), a conda spec or a
 * container image, python, architecture, GPU and force rebuild. The service checks everything; a refusal is shown
 * as its sentence on the field it names (and in a notification), the dialog stays open and nothing is stored.
 */
class CreateEnvironmentDialog extends Dialog {
    static final String PIP = "pip";
    static final String CONDA = "conda";
    static final String CONTAINER = "container";
    private final TextField name = new TextField("Name");
    private final RadioButtonGroup<String> kind = new RadioButtonGroup<>("Packages from");
    private final TextArea pip = new TextArea("pip requirements");
    private final TextField condaChannels = new TextField("conda channels");
    private final TextArea condaDependencies = new TextArea("conda dependencies");
    private final TextField container = new TextField("Container image");
    private final TextField python = new TextField("Python");
    private final Select<String> architecture = new Select<>();
    private final Checkbox gpu = new Checkbox("GPU");
    private final Checkbox forceRebuild = new Checkbox("Force rebuild (build again even if this spec was built)");
    private final Map<String, HasValidation> fields;

    CreateEnvironmentDialog(EnvironmentService environments, String workspace, String defaultPython,
                            Consumer<EnvironmentView> onCreated) {
        setId("createEnvironmentDialog");
        setHeaderTitle("Create a software environment");
        setWidth("40em");
        name.setId("envName");
        name.setRequired(true);
        name.setHelperText("Lowercase letters, digits and dashes; an existing name gets a new version");
        kind.setId("envKind");
        kind.setItems(PIP, CONDA, CONTAINER);
        kind.setValue(PIP);
        kind.addValueChangeListener(e -> showFieldsOf(e.getValue()));
        pip.setId("envPip");
        pip.setPlaceholder("pandas==2.2.3\nscikit-learn>=1.5");
        pip.setHelperText("One PEP 508 requirement a line, from the package index; the appliance's Dask pins are added");
        pip.setMinHeight("8em");
        condaChannels.setId("envCondaChannels");
        condaChannels.setPlaceholder("conda-forge");
        condaChannels.setHelperText("Channel names separated by commas, in order");
        condaDependencies.setId("envCondaDependencies");
        condaDependencies.setHelperText("One conda dependency a line");
        container.setId("envContainer");
        container.setPlaceholder("ghcr.io/org/image:1.2");
        python.setId("envPython");
        python.setValue(defaultPython);
        python.setHelperText("major.minor");
        architecture.setId("envArchitecture");
        architecture.setLabel("Architecture");
        architecture.setItems("x86_64", "arm64");
        architecture.setValue("x86_64");
        gpu.setId("envGpu");
        forceRebuild.setId("envForceRebuild");
        fields = Map.of("name", name, "pip", pip, "conda.channels", condaChannels, "conda.dependencies", condaDependencies,
                "conda", condaDependencies, "container", container, "python", python, "architecture", architecture);
        FormLayout form = new FormLayout(name, kind, pip, condaChannels, condaDependencies, container, python,
                architecture, gpu, forceRebuild);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
        add(form);
        showFieldsOf(PIP);
        Button create = new Button("Create", e -> create(environments, workspace, onCreated));
        create.setId("createEnvironmentSubmit");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button("Cancel", e -> close());
        cancel.setId("createEnvironmentCancel");
        getFooter().add(cancel, create);
        addOpenedChangeListener(e -> {
            if (!e.isOpened()) {
                removeFromParent();
            }
        });
    }

    private void create(EnvironmentService environments, String workspace, Consumer<EnvironmentView> onCreated) {
        fields.values().forEach(field -> field.setInvalid(false));
        try {
            EnvironmentView created = environments.create(ConsoleSession.requireCaller(), workspace, name.getValue().trim(),
                    spec(), forceRebuild.getValue());
            close();
            onCreated.accept(created);
        } catch (ServiceException e) {
            HasValidation field = fields.get(String.valueOf(e.details().get("field")));
            if (field != null) {
                field.setErrorMessage(e.getMessage());
                field.setInvalid(true);
            }
            Feedback.error(e.getMessage());
        }
    }

    /** What the form says, as the REST API would receive it; the service validates it. */
    EnvironmentSpec spec() {
        String chosen = kind.getValue();
        List<String> pipLines = PIP.equals(chosen) ? lines(pip.getValue()) : List.of();
        CondaSpec conda = CONDA.equals(chosen) ? new CondaSpec(Arrays.stream(condaChannels.getValue().split(","))
                .map(String::trim).filter(c -> !c.isEmpty()).toList(), lines(condaDependencies.getValue())) : null;
        String image = CONTAINER.equals(chosen) && !container.getValue().isBlank() ? container.getValue().trim() : null;
        return new EnvironmentSpec(pipLines, conda, image, python.getValue().trim(), architecture.getValue(),
                gpu.getValue(), List.of());
    }

    private static List<String> lines(String text) {
        return text.lines().map(String::trim).filter(line -> !line.isEmpty()).toList();
    }

    private void showFieldsOf(String chosen) {
        pip.setVisible(PIP.equals(chosen));
        condaChannels.setVisible(CONDA.equals(chosen));
        condaDependencies.setVisible(CONDA.equals(chosen));
        container.setVisible(CONTAINER.equals(chosen));
    }
}
