package io.flotilla.usage.notices;

import io.flotilla.error.ServiceException;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/** The rule for webhook URLs: https, or http only to this machine (loopback); no credentials in the URL. */
public final class WebhookUrls {
    /** Longest URL accepted. */
    public static final int MAX_LENGTH = 2048;

    private WebhookUrls() {
    }

    /** The URL, checked; 400 naming the field {@code webhookUrl} when it breaks the rule. */
    public static String require(String url) {
        if (url.length() > MAX_LENGTH) {
            throw ServiceException.invalid("webhookUrl", "The webhook URL must have at most " + MAX_LENGTH + " characters.");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw ServiceException.invalid("webhookUrl", "The webhook URL is not a URL: " + e.getReason() + ".");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw ServiceException.invalid("webhookUrl", "The webhook URL must be an absolute https:// URL with a host.");
        }
        if (uri.getRawUserInfo() != null) {
            throw ServiceException.invalid("webhookUrl", "The webhook URL must not hold a user name or password;"
                    + " receivers check the X-Flotilla-Signature header instead.");
        }
        if (scheme.equals("http") && !loopback(uri.getHost())) {
            throw ServiceException.invalid("webhookUrl", "A plain http:// webhook URL is only allowed to this machine"
                    + " (localhost, 127.0.0.1, [::1]); use https:// for " + uri.getHost() + ".");
        }
        return uri.toString();
    }

    private static boolean loopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (!literal.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false; // a name other than localhost: never resolved here
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
