package dev.assetgate.labels;

import dev.assetgate.access.FolderScope;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Port: the labels of every project and which files carry them. Each method is one atomic change:
 * all of it happens or none of it. Names are unique per project ignoring case (NAME_CONFLICT).
 */
public interface LabelStore {

    /** The project's labels, by name. */
    List<Label> list(String project);

    /** The label whose uuid is {@code uuid} or whose sid is {@code sid}. */
    Optional<Label> find(String project, String uuid, String sid);

    /** Creates a label with a new uuid and sid; throws NAME_CONFLICT when the name is taken. */
    Label create(String project, LabelDraft draft);

    /** Replaces a label's fields; throws LABEL_NOT_FOUND or NAME_CONFLICT. */
    Label update(String project, String uuid, LabelDraft draft);

    /** Deletes labels, detaching them from every file; all or nothing (LABEL_NOT_FOUND). */
    List<Label> delete(String project, List<String> uuids);

    /** Attaches every label to every file (already attached: kept); all or nothing (FILE_NOT_FOUND, LABEL_NOT_FOUND). */
    void attach(String project, Collection<String> fileUuids, Collection<String> labelUuids);

    /** Detaches every label from every file (not attached: nothing to do); all or nothing (FILE_NOT_FOUND, LABEL_NOT_FOUND). */
    void detach(String project, Collection<String> fileUuids, Collection<String> labelUuids);

    /** The labels each of these files carries, by file uuid (files without labels are absent). */
    Map<String, List<Label>> labelsOfFiles(String project, Collection<String> fileUuids);

    /** For each label (by uuid), how many files inside {@code scope} carry it (labels on no such file are absent). */
    Map<String, Long> fileCounts(String project, FolderScope scope);
}
