package dev.assetgate.visibility;

/**
 * The visibility of one file or folder: what is set on it ({@code null}: nothing, it inherits), what
 * it would inherit from its parent folder (the root folder: from the project default), and what
 * applies.
 */
public record VisibilityState(Visibility set, Visibility inherited) {

    public Visibility actual() {
        return set != null ? set : inherited;
    }

    public boolean isPublic() {
        return actual() == Visibility.PUBLIC;
    }
}
