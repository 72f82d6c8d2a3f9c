package dev.fovea.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloadTest {
    static final byte[] PAYLOAD = "pretend this is a dataset file".getBytes();
    static HttpServer server;
    static int requests;

    @BeforeAll
    static void start() throws IOException {
        Download.log = new PrintStream(OutputStream.nullOutputStream());
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/good/", ex -> {
            requests++;
            ex.sendResponseHeaders(200, PAYLOAD.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(PAYLOAD);
            }
        });
        server.createContext("/missing/", ex -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
        Download.log = System.err;
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void fallsBackToTheNextMirrorAndChecksTheDigest(@TempDir Path dir) throws Exception {
        Download d = new Download("f.bin", "sha256:" + sha256(PAYLOAD),
                List.of(base() + "/missing/", base() + "/good/"));
        Path got = d.fetch(dir);
        assertArrayEquals(PAYLOAD, Files.readAllBytes(got));
        int before = requests;
        d.fetch(dir); // cached and verified: no second request
        assertEquals(before, requests);
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary files left behind");
        }
    }

    @Test
    void wrongChecksumLeavesNoFileAndSaysSo(@TempDir Path dir) {
        Download d = new Download("f.bin", "sha256:" + "0".repeat(64), List.of(base() + "/good/"));
        var e = assertThrows(DatasetException.class, () -> d.fetch(dir));
        assertTrue(e.getMessage().contains("wrong checksum") && e.getMessage().contains("f.bin"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("f.bin")));
    }

    @Test
    void corruptCachedFileIsReplaced(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("f.bin"), "garbage".getBytes());
        Download d = new Download("f.bin", "sha256:" + sha256(PAYLOAD), List.of(base() + "/good/"));
        assertArrayEquals(PAYLOAD, Files.readAllBytes(d.fetch(dir)));
    }

    @Test
    void readsFileUrlsAndListsEveryFailure(@TempDir Path dir) throws Exception {
        Path src = Files.createDirectories(dir.resolve("mirror"));
        Files.write(src.resolve("f.bin"), PAYLOAD);
        Download d = new Download("f.bin", "md5:" + HexFormat.of().formatHex(
                MessageDigest.getInstance("MD5").digest(PAYLOAD)), List.of(src.toUri().toString()));
        assertArrayEquals(PAYLOAD, Files.readAllBytes(d.fetch(dir.resolve("cache"))));

        Download none = new Download("g.bin", "md5:00", List.of(base() + "/missing/", src.toUri().toString()));
        var e = assertThrows(DatasetException.class, () -> none.fetch(dir.resolve("cache")));
        assertTrue(e.getMessage().contains("HTTP 404") && e.getMessage().contains("FOVEA_DATA"), e.getMessage());
    }
}
