package dev.jwtauthfilter.sample.it;

/**
 * The sample WAR, unchanged, in a real Apache Tomcat 10.1 distribution that Cargo installs from
 * Maven Central and starts in {@code pre-integration-test} (see the sample's pom).
 */
class TomcatSampleIT extends SampleAppContract {
    @Override
    protected String baseUrl() {
        return requiredProperty("sample.tomcat.url");
    }

    @Override
    protected boolean apiKeysFromJwksOverHttp() {
        return false;
    }
}
