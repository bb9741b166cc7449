package dev.assetgate.store.jdbc;

import dev.assetgate.store.UploadPolicyUses;
import java.time.Instant;

/** Upload policies' uses in a SQL catalog: the primary key decides which upload claims a policy. */
public final class JdbcUploadPolicyUses implements UploadPolicyUses {
    private final Database db;

    public JdbcUploadPolicyUses(Database db) {
        this.db = db;
    }

    @Override
    public boolean claim(String policyId, String project, String signerKeyId, Instant at, Instant expiresAt) {
        return db.withConnection(c -> Sql.update(c,
                "INSERT INTO upload_policy_uses (policy_id, project, signer_key_id, state, claimed_at, expires_at) "
                        + "VALUES (?, ?, ?, 'claimed', ?, ?) ON CONFLICT (policy_id) DO NOTHING",
                policyId, project, signerKeyId, Sql.time(at), Sql.time(expiresAt)) == 1);
    }

    @Override
    public void markUsed(String policyId, Instant at) {
        db.withConnection(c -> Sql.update(c, "UPDATE upload_policy_uses SET state = 'used', used_at = ? WHERE policy_id = ? AND state = 'claimed'",
                Sql.time(at), policyId));
    }

    @Override
    public void release(String policyId) {
        db.withConnection(c -> Sql.update(c, "DELETE FROM upload_policy_uses WHERE policy_id = ? AND state = 'claimed'", policyId));
    }

    @Override
    public int forgetExpiredBefore(Instant before) {
        return db.withConnection(c -> Sql.update(c, "DELETE FROM upload_policy_uses WHERE expires_at < ?", Sql.time(before)));
    }
}
