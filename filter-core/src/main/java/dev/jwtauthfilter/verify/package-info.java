/**
 * Verification: strict format checks java-jwt leaves out, then java-jwt's signature and claim
 * checks with one verifier per allowed algorithm, built once at start-up.
 */
package dev.jwtauthfilter.verify;
