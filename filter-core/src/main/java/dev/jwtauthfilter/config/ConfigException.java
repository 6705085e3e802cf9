package dev.jwtauthfilter.config;

/**
 * A configuration value is missing or not allowed. The message names the {@code init-param} and
 * what is allowed, and never contains a secret.
 */
public final class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String parameter;

    /**
     * Creates the exception.
     *
     * @param parameter the offending init-param name
     * @param problem what is wrong and what is allowed, without any secret value
     */
    public ConfigException(String parameter, String problem) {
        super("Invalid JwtAuthFilter configuration: init-param '" + parameter + "' " + problem);
        this.parameter = parameter;
    }

    /**
     * Returns the name of the offending init-param.
     *
     * @return the init-param name, e.g. {@code leewaySeconds}
     */
    public String parameter() {
        return parameter;
    }
}
