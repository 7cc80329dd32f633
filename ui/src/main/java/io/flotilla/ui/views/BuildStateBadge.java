package io.flotilla.ui.views;

import com.vaadin.flow.component.html.Span;

/** A software environment build's state as a Lumo badge: green when ready, red when failed, plain while it runs. */
final class BuildStateBadge {
    private BuildStateBadge() {
    }

    static Span of(String state) {
        Span badge = new Span();
        show(badge, state);
        return badge;
    }

    /** Makes {@code badge} show {@code state} (queued, building, ready or failed). */
    static void show(Span badge, String state) {
        badge.setText(state);
        badge.getElement().getThemeList().clear();
        badge.getElement().getThemeList().add(switch (state) {
            case "ready" -> "badge success";
            case "failed" -> "badge error";
            default -> "badge";
        });
    }
}
