/**
 * A revocation store on Redis, for clusters and restarts: {@link
 * dev.jwtauthfilter.revocation.redis.RedisRevocationStoreProvider} makes it selectable from {@code
 * web.xml} ({@code revocationStore=redis}), {@link
 * dev.jwtauthfilter.revocation.redis.RedisRevocationStore} builds it in code. Deny-list entries
 * expire with their tokens, subject cutoffs stay; every write announces itself on a pub/sub channel,
 * so each node's local cache drops the answers it concerns within the staleness window.
 */
package dev.jwtauthfilter.revocation.redis;
