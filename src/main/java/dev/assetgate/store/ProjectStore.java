package dev.assetgate.store;

import java.util.List;
import java.util.Optional;

/** Port: companies and projects. */
public interface ProjectStore {
    /** The company that projects created without an explicit owner belong to; created on first use. */
    Company defaultCompany();

    Optional<Company> findCompany(String id);

    Optional<Project> find(String token);

    List<Project> list(String companyId);

    /** Creates the project and its root folder; empty when the token is taken. */
    Optional<Project> create(String token, String name, String companyId);

    Optional<Project> rename(String token, String name);

    /** Deletes the project with its keys' grants, folders and files rows; returns the blob keys to remove. */
    List<String> delete(String token);
}
