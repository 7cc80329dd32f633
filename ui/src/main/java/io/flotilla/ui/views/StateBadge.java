package io.flotilla.ui.views;

import com.vaadin.flow.component.html.Span;
import io.flotilla.cluster.ClusterState;

/** A cluster's public state as a Lumo badge: green when running, red when failed, grey when stopped. */
final class StateBadge {
    private StateBadge() {
    }

    static Span of(ClusterState state) {
        Span badge = new Span();
        show(badge, state);
        return badge;
    }

    /** Makes {@code badge} show {@code state} (for badges that live across refreshes). */
    static void show(Span badge, ClusterState state) {
        badge.setText(state.id());
        badge.getElement().getThemeList().clear();
        badge.getElement().getThemeList().add(switch (state) {
            case RUNNING -> "badge success";
            case FAILED -> "badge error";
            case STOPPED -> "badge contrast";
            default -> "badge";
        });
    }
}
