package dev.assetgate.metadata;

import java.util.List;
import java.util.Optional;

/**
 * Port: the metadata model of every project. Each method is one atomic change; a key or an option
 * slug that is taken throws NAME_CONFLICT and changes nothing.
 */
public interface MetadataStore {

    /** The project's fields in display order (position, then key), each with its options in order. */
    List<MetaField> fields(String project);

    Optional<MetaField> field(String project, String uuid);

    /** Inserts a field with its options; NAME_CONFLICT when the project already has the key. */
    MetaField create(MetaField field);

    /**
     * Replaces the field's label, languages, group, position and options. Options are matched by api
     * slug: a slug already there keeps its internal id, new slugs get the id given, missing ones go.
     * Empty when the field does not exist.
     */
    Optional<MetaField> update(MetaField field);

    /** Appends options; NAME_CONFLICT (nothing added) when a slug is already an option of the field. */
    Optional<MetaField> addOptions(String project, String uuid, List<MetaOption> options);

    boolean delete(String project, String uuid);
}
