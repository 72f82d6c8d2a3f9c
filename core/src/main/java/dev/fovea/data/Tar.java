package dev.fovea.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * A minimal streaming reader of (optionally gzip-compressed) tar archives, enough for dataset releases:
 * ustar and GNU headers, GNU long names and pax path records. Entry sizes are bounded, so a corrupt header
 * cannot make us allocate gigabytes.
 */
final class Tar {
    /** Called for each regular file; {@code data} holds exactly the entry's bytes. */
    @FunctionalInterface
    interface EntryHandler {
        void accept(String name, byte[] data) throws IOException;
    }

    /** Decides, from its name, whether an entry's bytes are wanted (others are skipped unread). */
    @FunctionalInterface
    interface EntryFilter {
        boolean wants(String name);
    }

    private static final long MAX_ENTRY = 1L << 30;

    private Tar() {}

    static void read(Path archive, EntryFilter filter, EntryHandler handler) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 1 << 16)) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            InputStream in = (b0 == 0x1f && b1 == 0x8b) ? new GZIPInputStream(raw, 1 << 16) : raw;
            read(in, archive, filter, handler);
        } catch (DatasetException e) {
            throw e;
        } catch (EOFException e) {
            throw new DatasetException(archive, "truncated tar archive; delete it and download again", e);
        } catch (IOException e) {
            throw new DatasetException(archive, "corrupt archive; delete it and download again", e);
        }
    }

    private static void read(InputStream in, Path archive, EntryFilter filter, EntryHandler handler)
            throws IOException {
        byte[] header = new byte[512];
        String longName = null;
        while (true) {
            if (!readBlock(in, header)) {
                return; // end without the two zero blocks: tolerated, as GNU tar does
            }
            if (isZero(header)) {
                return;
            }
            if (!checksumOk(header)) {
                throw new DatasetException(archive, "bad tar header checksum; the archive is corrupt");
            }
            String name = longName != null ? longName : headerName(header);
            longName = null;
            long size = octal(header, 124, 12, archive);
            if (size < 0 || size > MAX_ENTRY) {
                throw new DatasetException(archive, "implausible tar entry size " + size + " for " + name);
            }
            char type = (char) header[156];
            long padded = (size + 511) / 512 * 512;
            boolean regular = type == '0' || type == '\0' || type == '7';
            if (type == 'L' || type == 'x' || (regular && filter.wants(name))) {
                byte[] data = new byte[(int) size];
                readFully(in, data);
                skip(in, padded - size);
                if (type == 'L') {
                    longName = trimNul(new String(data, StandardCharsets.UTF_8));
                } else if (type == 'x') {
                    longName = paxPath(data);
                } else {
                    handler.accept(name, data);
                }
            } else {
                skip(in, padded);
            }
        }
    }

    private static String headerName(byte[] h) {
        String name = field(h, 0, 100);
        String prefix = field(h, 345, 155);
        boolean ustar = new String(h, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
        return ustar && !prefix.isEmpty() ? prefix + "/" + name : name;
    }

    private static String paxPath(byte[] data) {
        // records "LEN key=value\n"; only path matters here
        String s = new String(data, StandardCharsets.UTF_8);
        for (String line : s.split("\n")) {
            int sp = line.indexOf(' ');
            int eq = line.indexOf('=');
            if (sp > 0 && eq > sp && line.substring(sp + 1, eq).equals("path")) {
                return line.substring(eq + 1);
            }
        }
        return null;
    }

    private static String field(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) {
            end++;
        }
        return new String(h, off, end - off, StandardCharsets.UTF_8);
    }

    private static String trimNul(String s) {
        int z = s.indexOf('\0');
        return z >= 0 ? s.substring(0, z) : s;
    }

    private static long octal(byte[] h, int off, int len, Path archive) {
        if ((h[off] & 0x80) != 0) { // GNU base-256 for large sizes
            long v = h[off] & 0x7F;
            for (int i = 1; i < len; i++) {
                v = (v << 8) | (h[off + i] & 0xFF);
            }
            return v;
        }
        long v = 0;
        boolean digits = false;
        for (int i = off; i < off + len; i++) {
            byte b = h[i];
            if (b == 0 || b == ' ') {
                if (digits) {
                    break; // terminator after the number
                }
                continue; // leading padding
            }
            if (b < '0' || b > '7') {
                throw new DatasetException(archive, "bad number in tar header; the archive is corrupt");
            }
            v = v * 8 + (b - '0');
            digits = true;
        }
        return v;
    }

    private static boolean checksumOk(byte[] h) {
        long stored = 0;
        boolean any = false;
        for (int i = 148; i < 156; i++) {
            byte b = h[i];
            if (b >= '0' && b <= '7') {
                stored = stored * 8 + (b - '0');
                any = true;
            }
        }
        long unsigned = 0;
        for (int i = 0; i < 512; i++) {
            unsigned += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xFF);
        }
        return any && stored == unsigned;
    }

    private static boolean isZero(byte[] h) {
        for (byte b : h) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean readBlock(InputStream in, byte[] block) throws IOException {
        int n = 0;
        while (n < block.length) {
            int r = in.read(block, n, block.length - n);
            if (r < 0) {
                if (n == 0) {
                    return false;
                }
                throw new EOFException("archive ends inside a header");
            }
            n += r;
        }
        return true;
    }

    private static void readFully(InputStream in, byte[] dst) throws IOException {
        int n = 0;
        while (n < dst.length) {
            int r = in.read(dst, n, dst.length - n);
            if (r < 0) {
                throw new EOFException("archive ends inside an entry");
            }
            n += r;
        }
    }

    private static void skip(InputStream in, long n) throws IOException {
        while (n > 0) {
            long s = in.skip(n);
            if (s <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("archive ends inside an entry");
                }
                s = 1;
            }
            n -= s;
        }
    }
}
