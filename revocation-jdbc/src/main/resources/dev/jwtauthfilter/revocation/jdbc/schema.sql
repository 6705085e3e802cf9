-- jwt-auth-filter revocation-jdbc: tables of the JDBC revocation store (PostgreSQL, H2).
-- Times are epoch milliseconds (BIGINT). "jwt_" is the default table prefix (revocationStore.tablePrefix);
-- with another prefix, replace it in the three table names and the index name (not in the column jwt_id).
-- Every statement is idempotent: the store runs this file at start-up when revocationStore.createTables=true.

-- Deny-list: one row per revoked token, kept until its exp plus 300 s, then purged.
CREATE TABLE IF NOT EXISTS jwt_revoked_token (
    issuer     VARCHAR(255) NOT NULL,
    jwt_id     VARCHAR(255) NOT NULL,
    expires_at BIGINT       NOT NULL,
    PRIMARY KEY (issuer, jwt_id)
);

CREATE INDEX IF NOT EXISTS jwt_revoked_token_expires_at ON jwt_revoked_token (expires_at);

-- Per-subject cutoffs: tokens of this subject issued before issued_before are revoked. Kept until replaced.
CREATE TABLE IF NOT EXISTS jwt_subject_cutoff (
    issuer        VARCHAR(255) NOT NULL,
    subject       VARCHAR(255) NOT NULL,
    issued_before BIGINT       NOT NULL,
    PRIMARY KEY (issuer, subject)
);

-- Change counter: every write increments it in the same transaction; every node polls it.
CREATE TABLE IF NOT EXISTS jwt_revocation_version (
    id      INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    version BIGINT  NOT NULL
);

INSERT INTO jwt_revocation_version (id, version)
    SELECT 1, 0 WHERE NOT EXISTS (SELECT 1 FROM jwt_revocation_version WHERE id = 1);
