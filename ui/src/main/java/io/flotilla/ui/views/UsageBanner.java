package io.flotilla.ui.views;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import io.flotilla.usage.LimitWarning;

import java.util.List;

/** The limit warnings above the usage page, one line each: amber at 80 % of a limit, red once it is reached. */
final class UsageBanner extends Div {
    UsageBanner() {
        setId("usageBanner");
        setVisible(false);
    }

    void show(List<LimitWarning> warnings) {
        removeAll();
        setVisible(!warnings.isEmpty());
        for (LimitWarning w : warnings) {
            Paragraph line = new Paragraph(w.message());
            line.setId("usageWarning-" + w.limit());
            line.getElement().setAttribute("data-level", w.level());
            boolean reached = "reached".equals(w.level());
            line.getStyle().set("margin", "0 0 var(--lumo-space-xs) 0").set("padding", "var(--lumo-space-s) var(--lumo-space-m)")
                    .set("border-radius", "var(--lumo-border-radius-m)")
                    .set("background", reached ? "var(--lumo-error-color-10pct)" : "#fff4d6")
                    .set("color", reached ? "var(--lumo-error-text-color)" : "#7a4f00");
            add(line);
        }
    }
}
