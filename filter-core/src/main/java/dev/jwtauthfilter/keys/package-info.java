/**
 * Verification keys that change at run time: the {@link dev.jwtauthfilter.keys.KeySource} SPI,
 * which picks a token's key by its {@code kid}.
 */
package dev.jwtauthfilter.keys;
