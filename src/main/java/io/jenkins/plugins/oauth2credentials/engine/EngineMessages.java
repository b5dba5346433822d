package io.jenkins.plugins.oauth2credentials.engine;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The engine's user-facing texts, from {@code EngineMessages.properties} beside this class.
 * The engine cannot use the Jenkins localizer, so it reads its own bundle.
 */
public final class EngineMessages {
    private static final String BUNDLE = EngineMessages.class.getName();

    private EngineMessages() {}

    /** Formats the message {@code key} with {@link MessageFormat} in the default locale. */
    public static String format(String key, Object... arguments) {
        ResourceBundle bundle =
                ResourceBundle.getBundle(BUNDLE, Locale.getDefault(), EngineMessages.class.getClassLoader());
        return new MessageFormat(bundle.getString(key), Locale.getDefault()).format(arguments);
    }

    /** The label an administrator sees for a form field, e.g. "Token URL" for {@code tokenUrl}. */
    public static String fieldLabel(String field) {
        return format("field." + field);
    }
}
