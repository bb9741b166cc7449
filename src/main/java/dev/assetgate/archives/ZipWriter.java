package dev.assetgate.archives;

import dev.assetgate.store.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * Writes a zip of stored files into a local file, streaming each blob through a fixed buffer (memory
 * stays flat whatever the sizes). The file is seekable, so an entry is STORED without reading its
 * bytes twice: commons-compress writes the header, the bytes, then seeks back to fill in the CRC.
 * Zip64 structures are added where needed (an entry or the archive past 4 GB, more than 65535
 * entries). Media that is already compressed is STORED; text-like types are DEFLATED.
 */
final class ZipWriter {
    private static final int BUFFER = 256 * 1024;

    /** Told how many bytes of file content are written so far; answers false to stop (the task was cancelled). */
    interface Progress {
        boolean proceed(long bytesWritten);
    }

    static final class Cancelled extends IOException {
        Cancelled() {
            super("the archive was cancelled");
        }
    }

    private ZipWriter() {}

    static void write(Path target, List<ArchiveEntry> entries, BlobStore blobs, Progress progress) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long written = 0;
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(target.toFile())) {
            zip.setUseZip64(Zip64Mode.AsNeeded);
            zip.setEncoding("UTF-8");
            zip.setUseLanguageEncodingFlag(true);
            for (ArchiveEntry e : entries) {
                if (!progress.proceed(written)) throw new Cancelled();
                ZipArchiveEntry entry = new ZipArchiveEntry(e.name());
                entry.setSize(e.file().size()); // known up front: decides Zip64 for this entry before its bytes
                entry.setMethod(compressible(e.file().mime()) ? ZipEntry.DEFLATED : ZipEntry.STORED);
                entry.setLastModifiedTime(FileTime.from(e.file().modifiedAt()));
                zip.putArchiveEntry(entry);
                try (InputStream in = blobs.open(e.file().blobKey(), 0, -1)) {
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        zip.write(buffer, 0, n);
                        written += n;
                        if (!progress.proceed(written)) throw new Cancelled();
                    }
                }
                zip.closeArchiveEntry();
            }
            zip.finish();
        }
    }

    /** Types worth deflating; everything else (images, video, audio, archives, PDFs, unknown binaries) is stored as it is. */
    static boolean compressible(String mime) {
        String m = mime == null ? "" : mime.toLowerCase(Locale.ROOT);
        return m.startsWith("text/") || m.equals("image/svg+xml") || m.equals("image/bmp") || m.equals("image/x-ms-bmp")
                || m.equals("image/tiff") || m.endsWith("+json") || m.endsWith("+xml") || m.equals("application/json")
                || m.equals("application/xml") || m.equals("application/javascript") || m.equals("application/x-ndjson");
    }
}
