package dev.fovea.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * A file a dataset needs: its name, its digest ({@code sha256:<hex>} or {@code md5:<hex>}, whichever the
 * publisher documents) and the mirrors to fetch it from, tried in order. {@link #fetch(Path)} downloads into
 * a temporary file beside the target, checks the digest and only then renames it into place, so a cache never
 * holds a partial or wrong file under the real name.
 */
public record Download(String name, String digest, List<String> mirrors) {
    public Download {
        if (!digest.startsWith("sha256:") && !digest.startsWith("md5:")) {
            throw new IllegalArgumentException("Download " + name + ": digest must start with sha256: or md5:, got "
                    + digest);
        }
        mirrors = List.copyOf(mirrors);
    }

    /** Progress goes here (stderr by default; tests silence it). */
    static volatile PrintStream log = System.err;

    /**
     * Makes sure {@code dir/name} exists with the right digest, downloading it from the first mirror that works.
     * Returns the file. An existing file is trusted only if its digest matches; otherwise it is fetched again.
     */
    public Path fetch(Path dir) {
        Path target = dir.resolve(name);
        if (Files.isRegularFile(target)) {
            String actual = digestOf(target);
            if (actual.equalsIgnoreCase(hex())) {
                return target;
            }
            log.println("fovea: " + target + " has the wrong checksum, downloading it again");
        }
        List<String> failures = new ArrayList<>();
        for (String mirror : mirrors) {
            String url = mirror.endsWith("/") ? mirror + name : mirror + "/" + name;
            try {
                Files.createDirectories(dir);
                Path tmp = Files.createTempFile(dir, "." + name + ".", ".part");
                try {
                    log.println("fovea: downloading " + url);
                    String actual = copyDigesting(url, tmp);
                    if (!actual.equalsIgnoreCase(hex())) {
                        throw new IOException("wrong checksum: expected " + digest + ", got "
                                + algorithm().toLowerCase(Locale.ROOT).replace("-", "") + ":" + actual);
                    }
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    return target;
                } finally {
                    Files.deleteIfExists(tmp);
                }
            } catch (IOException | RuntimeException e) {
                // connection failures often carry no message (e.g. ConnectException): name the exception instead
                failures.add(url + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DatasetException("download of " + name + " interrupted", e);
            }
        }
        throw new DatasetException("cannot download " + name + " into " + dir + ":\n  " + String.join("\n  ", failures)
                + "\nWithout network, put the file in a data directory and point FOVEA_DATA (or --data) at it.");
    }

    private String copyDigesting(String url, Path tmp) throws IOException, InterruptedException {
        MessageDigest md = newDigest();
        URI uri = URI.create(url);
        try (InputStream in = open(uri); OutputStream out = Files.newOutputStream(tmp)) {
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) >= 0; ) {
                md.update(buf, 0, r);
                out.write(buf, 0, r);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static InputStream open(URI uri) throws IOException, InterruptedException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("http") || scheme.equals("https")) {
            HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(Duration.ofSeconds(20)).build();
            HttpResponse<InputStream> resp = client.send(HttpRequest.newBuilder(uri).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (resp.statusCode() != 200) {
                resp.body().close();
                throw new IOException("HTTP " + resp.statusCode());
            }
            return resp.body();
        }
        return uri.toURL().openStream();
    }

    private String algorithm() {
        return digest.startsWith("md5:") ? "MD5" : "SHA-256";
    }

    private String hex() {
        return digest.substring(digest.indexOf(':') + 1);
    }

    private MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(algorithm());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The hex digest of {@code file} with this download's algorithm. */
    String digestOf(Path file) {
        MessageDigest md = newDigest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) >= 0; ) {
                md.update(buf, 0, r);
            }
        } catch (IOException e) {
            throw new DatasetException(file, "cannot be read", e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Fails with a clear message unless {@code file} has this download's digest. */
    public void verify(Path file) {
        String actual = digestOf(file);
        if (!actual.equalsIgnoreCase(hex())) {
            throw new DatasetException(file, "wrong checksum: expected " + digest + ", got " + actual
                    + "; the file is corrupt or a different version: delete it and download again");
        }
    }
}
