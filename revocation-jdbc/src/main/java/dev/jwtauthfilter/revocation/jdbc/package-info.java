/**
 * A revocation store in a relational database through plain JDBC (PostgreSQL, H2): {@link
 * dev.jwtauthfilter.revocation.jdbc.JdbcRevocationStore} builds one in code, {@link
 * dev.jwtauthfilter.revocation.jdbc.JdbcRevocationStoreProvider} from {@code web.xml}
 * ({@code revocationStore=jdbc}). Shared by every node on the same tables, kept across restarts,
 * with a local cache whose staleness is bounded by polling a change counter.
 */
package dev.jwtauthfilter.revocation.jdbc;
