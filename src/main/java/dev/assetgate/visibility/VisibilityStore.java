package dev.assetgate.visibility;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Port: the explicit visibility settings of files, folders and projects. Nothing stored means
 * "inherit" (a file or folder from its parent folder, a project from the server's default). A
 * folder's setting belongs to the folder row, so it follows renames and moves of the folder.
 */
public interface VisibilityStore {

    /** Explicit settings of the given files (by uuid); files that inherit are absent. */
    Map<String, Visibility> fileSettings(String project, Collection<String> fileUuids);

    /** Explicit settings of the folders at the given paths; folders that inherit (or do not exist) are absent. */
    Map<String, Visibility> folderSettings(String project, Collection<String> folderPaths);

    /**
     * {@link #fileSettings}, {@link #folderSettings} and {@link #projectDefault} in one read: what
     * resolving the visibility of a file, a page of files or a new file's folder needs.
     */
    Settings settings(String project, Collection<String> fileUuids, Collection<String> folderPaths);

    /** Explicit settings of files by uuid and of folders by path, and the project's own default (empty: the server's). */
    record Settings(Map<String, Visibility> files, Map<String, Visibility> folders, Optional<Visibility> projectDefault) {}

    /**
     * Sets ({@code null}: clears) the setting of every listed file and folder, all or nothing: an
     * unknown uuid throws FILE_NOT_FOUND or FOLDER_NOT_FOUND and changes nothing.
     */
    void set(String project, List<String> fileUuids, List<String> folderUuids, Visibility visibility);

    /** The project's own default; empty when it follows the server's default (or the project is unknown). */
    Optional<Visibility> projectDefault(String project);

    /** Sets ({@code null}: clears, following the server's default again) the project's default. */
    void setProjectDefault(String project, Visibility visibility);
}
