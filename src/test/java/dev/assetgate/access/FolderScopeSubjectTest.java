package dev.assetgate.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code {sub}} in folder scopes: put in from a per-user key's subject, and never "everything" for a key without one. */
class FolderScopeSubjectTest {
    @Test
    void theSubjectReplacesThePlaceholder() {
        FolderScope scope = FolderScope.parse(List.of("/users/{sub}/*", "/inbox/{sub}", "/pub/*"), "upload.dir_scope");
        assertThat(scope.usesSubject()).isTrue();
        FolderScope a = scope.forSubject("a");
        assertThat(a.asList()).containsExactly("/users/a/*", "/inbox/a", "/pub/*");
        assertThat(a.allows("/users/a/x")).isTrue();
        assertThat(a.allowsSubtree("/users/a")).isTrue();
        assertThat(a.allows("/users/ab")).isFalse();
        assertThat(a.allows("/users/b")).isFalse();
        assertThat(a.allows("/inbox/a/deeper")).isFalse();
        assertThat(a.allows("/users/{sub}/x")).isFalse();
    }

    @Test
    void withoutASubjectOnlyTheOtherEntriesRemainAndNoneLeftReachesNothing() {
        FolderScope mixed = FolderScope.parse(List.of("/users/{sub}/*", "/pub/*"), "listing.dir_scope").forSubject(null);
        assertThat(mixed.asList()).containsExactly("/pub/*");
        assertThat(mixed.allows("/users/{sub}")).isFalse();

        FolderScope only = FolderScope.parse(List.of("/users/{sub}/*"), "listing.dir_scope").forSubject(null);
        assertThat(only.unrestricted()).isFalse();
        assertThat(only.allows("/")).isFalse();
        assertThat(only.allows("/users/x")).isFalse();
        assertThat(only.allowsSubtree("/")).isFalse();
        assertThat(only.leadsInto("/")).isFalse();
    }

    @Test
    void aScopeWithoutThePlaceholderIsLeftAsItIs() {
        FolderScope plain = FolderScope.parse(List.of("/a/*"), "upload.dir_scope");
        assertThat(plain.usesSubject()).isFalse();
        assertThat(plain.forSubject("x")).isSameAs(plain);
        assertThat(FolderScope.ANY.forSubject(null)).isSameAs(FolderScope.ANY);
        assertThat(FolderScope.ANY.unrestricted()).isTrue();
    }
}
