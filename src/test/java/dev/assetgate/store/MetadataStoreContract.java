package dev.assetgate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assetgate.error.ApiError;
import dev.assetgate.error.ApiException;
import dev.assetgate.metadata.FieldType;
import dev.assetgate.metadata.MetaField;
import dev.assetgate.metadata.MetaOption;
import dev.assetgate.store.jdbc.JdbcMetadataStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link dev.assetgate.metadata.MetadataStore} contract; every catalog engine runs it (see the subclasses). */
abstract class MetadataStoreContract extends StoreContract {
    private JdbcMetadataStore store;
    private String p;

    @BeforeEach
    void freshProject() {
        store = new JdbcMetadataStore(db);
        p = newProject();
    }

    private MetaField field(String project, String key, FieldType type, int position, MetaOption... options) {
        Instant now = clock.instant();
        return new MetaField(UUID.randomUUID().toString(), project, key, "Label " + key, type, type.localizable(),
                type.localizable() ? List.of("en", "fr") : List.of(), "General", position, List.of(options), now, now);
    }

    private static MetaOption option(String slug, String label, int position) {
        return new MetaOption("@itm_" + UUID.randomUUID().toString().substring(0, 8) + "@", slug, label, position);
    }

    private static void assertFails(ApiError error, Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.error).isEqualTo(error));
    }

    @Test
    void createdFieldsComeBackWholeInPositionOrder() {
        MetaField color = store.create(field(p, "color", FieldType.SELECT_ONE, 1, option("red", "Red", 0), option("blue", "Blue", 1)));
        MetaField caption = store.create(field(p, "caption", FieldType.TEXT, 0));
        store.create(field(p, "another", FieldType.NUMERIC, 1));

        assertThat(store.fields(p)).extracting(MetaField::key).containsExactly("caption", "another", "color");
        MetaField read = store.field(p, color.uuid()).orElseThrow();
        assertThat(read).isEqualTo(color);
        assertThat(read.options()).extracting(MetaOption::apiSlug).containsExactly("red", "blue");
        assertThat(read.createdAt()).isEqualTo(clock.instant());
        assertThat(store.field(p, caption.uuid()).orElseThrow().languages()).containsExactly("en", "fr");
        assertThat(store.field(p, caption.uuid()).orElseThrow().localized()).isTrue();
    }

    @Test
    void aTakenKeyIsANameConflictAndProjectsAreSeparate() {
        store.create(field(p, "color", FieldType.TEXT, 0));
        assertFails(ApiError.NAME_CONFLICT, () -> store.create(field(p, "color", FieldType.NUMERIC, 1)));
        assertThat(store.fields(p)).singleElement().satisfies(f -> assertThat(f.type()).isEqualTo(FieldType.TEXT));

        String other = newProject();
        MetaField elsewhere = store.create(field(other, "color", FieldType.NUMERIC, 0));
        assertThat(store.fields(other)).extracting(MetaField::uuid).containsExactly(elsewhere.uuid());
        assertThat(store.field(p, elsewhere.uuid())).as("another project's field is not found").isEmpty();
        assertThat(store.delete(p, elsewhere.uuid())).isFalse();
        assertThat(store.update(new MetaField(elsewhere.uuid(), p, "color", "x", FieldType.NUMERIC, false, List.of(), "G", 0,
                List.of(), clock.instant(), clock.instant()))).as("another project's field is not changed").isEmpty();
        assertThat(store.field(other, elsewhere.uuid())).isPresent();
    }

    @Test
    void aDuplicateOptionSlugCreatesNothing() {
        MetaField bad = field(p, "size", FieldType.MULTI_SELECT, 0, option("s", "Small", 0), option("s", "Again", 1));
        assertFails(ApiError.NAME_CONFLICT, () -> store.create(bad));
        assertThat(store.fields(p)).isEmpty();
    }

    @Test
    void updateReplacesTheMutableMembersAndKeepsTheIdsOfKeptOptions() {
        MetaOption red = option("red", "Red", 0);
        MetaField color = store.create(field(p, "color", FieldType.SELECT_ONE, 0, red, option("blue", "Blue", 1)));
        Instant later = clock.advance(Duration.ofMinutes(1));
        MetaField changed = store.update(color.with("Colour", List.of(), "Looks", 5,
                List.of(option("green", "Green", 0), new MetaOption("@itm_ignored@", "red", "Rouge", 1)), later)).orElseThrow();

        assertThat(changed.label()).isEqualTo("Colour");
        assertThat(changed.group()).isEqualTo("Looks");
        assertThat(changed.position()).isEqualTo(5);
        assertThat(changed.updatedAt()).isEqualTo(later);
        assertThat(changed.createdAt()).isEqualTo(color.createdAt());
        assertThat(changed.key()).isEqualTo("color");
        assertThat(changed.options()).extracting(MetaOption::apiSlug).containsExactly("green", "red");
        assertThat(changed.optionBySlug("red").orElseThrow().id()).as("a kept slug keeps its internal id").isEqualTo(red.id());
        assertThat(changed.optionBySlug("red").orElseThrow().label()).isEqualTo("Rouge");
        assertThat(store.field(p, color.uuid()).orElseThrow()).isEqualTo(changed);
        assertThat(store.update(field(p, "ghost", FieldType.TEXT, 0))).as("an unknown field").isEmpty();
    }

    @Test
    void addOptionsAppendsOrAddsNothingWhenASlugIsTaken() {
        MetaField size = store.create(field(p, "size", FieldType.MULTI_SELECT, 0, option("s", "Small", 0)));
        MetaField more = store.addOptions(p, size.uuid(), List.of(option("m", "Medium", 0), option("l", "Large", 0))).orElseThrow();
        assertThat(more.options()).extracting(MetaOption::apiSlug).containsExactly("s", "m", "l");
        assertThat(more.options()).extracting(MetaOption::position).containsExactly(0, 1, 2);

        assertFails(ApiError.NAME_CONFLICT, () -> store.addOptions(p, size.uuid(), List.of(option("xl", "XL", 0), option("m", "M", 0))));
        assertThat(store.field(p, size.uuid()).orElseThrow().options()).extracting(MetaOption::apiSlug).containsExactly("s", "m", "l");
        assertThat(store.addOptions(p, "no-such-field", List.of(option("x", "X", 0)))).isEmpty();
    }

    @Test
    void deleteRemovesTheFieldWithItsOptionsAndADeletedProjectTakesItsModel() {
        MetaField size = store.create(field(p, "size", FieldType.SELECT_ONE, 0, option("s", "Small", 0)));
        assertThat(store.delete(p, size.uuid())).isTrue();
        assertThat(store.delete(p, size.uuid())).isFalse();
        assertThat(store.fields(p)).isEmpty();
        assertThat(store.create(field(p, "size", FieldType.SELECT_ONE, 0, option("s", "Small", 0))).options())
                .as("the key and the slug are free again").hasSize(1);

        projects.delete(p);
        assertThat(store.fields(p)).isEmpty();
    }
}
