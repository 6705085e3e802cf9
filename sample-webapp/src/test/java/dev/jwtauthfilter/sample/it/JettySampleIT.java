package dev.jwtauthfilter.sample.it;

/**
 * The sample WAR, unchanged, in a real Eclipse Jetty 12 (ee10) distribution that Cargo installs
 * from Maven Central and starts in {@code pre-integration-test} (see the sample's pom).
 */
class JettySampleIT extends SampleAppContract {
    @Override
    protected String baseUrl() {
        return requiredProperty("sample.jetty.url");
    }

    @Override
    protected boolean apiKeysFromJwksOverHttp() {
        return true;
    }
}
