package dev.assetgate.store;

import dev.assetgate.approvals.ApprovalStore.LatestApproval;
import dev.assetgate.labels.Label;
import dev.assetgate.products.ProductStore.FileProduct;
import dev.assetgate.visibility.Visibility;
import java.util.List;
import java.util.Optional;

/**
 * A file with everything its API object shows beyond its own row, read in one catalog statement
 * (issue 17: file details cost one): its labels (by name), its latest approval request, the product
 * it shows, and the visibility settings it resolves against: its own, the nearest one set on its
 * folder or an ancestor, and the project's default. A null means nothing of that kind. Immutable:
 * details read once are shared by the requests that find them in memory ({@link CachedFileDetails}).
 */
public record FileDetails(FileRecord file, List<Label> labels, LatestApproval approval, FileProduct product,
                          Visibility ownVisibility, Visibility folderVisibility, Visibility projectVisibility) {
    public FileDetails {
        labels = List.copyOf(labels);
    }

    /** Port: the one read. */
    public interface Store {
        /** The file of this project with its details; empty when the project has no such file. */
        Optional<FileDetails> find(String project, String uuid);
    }
}
