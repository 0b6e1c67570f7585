package dev.overlap.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Versions of the tool and of the libraries whose numerics it relies on, recorded in every output. */
final class Versions {

    private static final Properties PROPS = load();

    private Versions() {
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("/overlap-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // an unreadable resource leaves the versions "unknown"
        }
        return p;
    }

    static String overlap() {
        return PROPS.getProperty("version", "unknown");
    }

    static String hipparchus() {
        return PROPS.getProperty("hipparchus", "unknown");
    }

    static String java() {
        return System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")";
    }
}
