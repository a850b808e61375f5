#define _GNU_SOURCE /* sync_file_range */
#include "CLibXML2.h"
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * The byte sink behind every export: one large buffer handed to write(2) when full.
 *
 * Why the GraphML body does not go through xmlTextWriter element by element: per call it walks its
 * element stack, allocates an escaped copy of every string (xmlEncodeSpecialChars) and pushes a few
 * bytes at a time through the output buffer, which kept a whole-graph export near 116 MB/s. The
 * body's markup is fixed, so the exporter writes it as precomputed bytes here and escapes values
 * with ig_xml_sink_text, which produces exactly what xmlTextWriterWriteString produced after
 * XMLTextSanitizer (tests compare it with libxml2's own xmlEncodeSpecialChars). libxml2 still writes
 * the document head through ig_xml_writer_open_sink, reads, and validates.
 */
struct ig_xml_sink {
    char *buffer;
    size_t capacity;
    size_t length;
    int fd;
    int error_number;
    int64_t flushed;
    /* Streaming a regular file: file offsets up to which writeback was started / the pages were
     * written out and dropped from the page cache (see stream_out). */
    int streaming;
    off_t base;
    off_t started;
    off_t dropped;
};

enum { IG_SINK_CAPACITY = 4 << 20 };
#define IG_SINK_WINDOW ((off_t)32 << 20)

ig_xml_sink *ig_xml_sink_open_fd(int fd) {
    ig_xml_sink *s = calloc(1, sizeof *s);
    if (s == NULL) return NULL;
    s->buffer = malloc(IG_SINK_CAPACITY);
    if (s->buffer == NULL) { free(s); return NULL; }
    s->capacity = IG_SINK_CAPACITY;
    s->fd = fd;
    struct stat info;
    off_t offset = lseek(fd, 0, SEEK_CUR);
    if (offset >= 0 && fstat(fd, &info) == 0 && S_ISREG(info.st_mode)) {
        s->streaming = 1;
        s->base = s->started = s->dropped = offset;
    }
    return s;
}

/*
 * A multi-gigabyte export written through the page cache the ordinary way fills memory with dirty
 * pages: the kernel then spends more time finding pages for write(2) to copy into (and the final
 * fsync waits for all of it) than the exporter spends producing the bytes — measured on a 3 GB
 * file: 4-7 s of system time against 1 s this way. So once a window of 32 MiB is written its
 * writeback is started, and the window before it is waited for and dropped from the cache: the
 * same few pages are reused and the fsync at the end finds almost nothing left to do. Errors
 * reported here are real write errors (EIO, ENOSPC) and become the sink's error, since the file's
 * later fsync may no longer report them; "not supported" just ends the streaming.
 */
static void stream_failed(ig_xml_sink *s) {
    if (errno == EINTR) return; /* tried again after the next write */
    if (errno == EINVAL || errno == ESPIPE || errno == ENOSYS || errno == EOPNOTSUPP) s->streaming = 0;
    else s->error_number = errno;
}

static void stream_out(ig_xml_sink *s) {
    off_t end = s->base + (off_t)s->flushed;
    while (end - s->started >= IG_SINK_WINDOW) {
        if (sync_file_range(s->fd, s->started, IG_SINK_WINDOW, SYNC_FILE_RANGE_WRITE) != 0) { stream_failed(s); return; }
        s->started += IG_SINK_WINDOW;
    }
    while (s->started - s->dropped >= 2 * IG_SINK_WINDOW) {
        if (sync_file_range(s->fd, s->dropped, IG_SINK_WINDOW,
                            SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER) != 0) {
            stream_failed(s);
            return;
        }
        (void)posix_fadvise(s->fd, s->dropped, IG_SINK_WINDOW, POSIX_FADV_DONTNEED); /* advice only */
        s->dropped += IG_SINK_WINDOW;
    }
}

void ig_xml_sink_free(ig_xml_sink *s) {
    if (s == NULL) return;
    free(s->buffer);
    free(s);
}

int ig_xml_sink_flush(ig_xml_sink *s) {
    size_t done = 0;
    while (s->error_number == 0 && done < s->length) {
        ssize_t n = write(s->fd, s->buffer + done, s->length - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            s->error_number = errno;
        } else {
            done += (size_t)n;
        }
    }
    s->flushed += (int64_t)done;
    s->length = 0;
    if (s->error_number == 0 && s->streaming) stream_out(s);
    return s->error_number == 0 ? 0 : -1;
}

/* Room for at least `needed` more bytes (needed <= capacity), flushing when short. After a failed
 * write the buffer is simply reused: the error is sticky and the output is discarded anyway. */
static inline void reserve(ig_xml_sink *s, size_t needed) {
    if (s->capacity - s->length < needed) ig_xml_sink_flush(s);
}

void ig_xml_sink_raw(ig_xml_sink *s, const char *bytes, size_t length) {
    while (length > 0) {
        reserve(s, length < s->capacity ? length : s->capacity);
        size_t room = s->capacity - s->length;
        size_t part = length < room ? length : room;
        memcpy(s->buffer + s->length, bytes, part);
        s->length += part;
        bytes += part;
        length -= part;
    }
}

void ig_xml_sink_int(ig_xml_sink *s, int64_t value) {
    char digits[24];
    int n = 0;
    /* Through uint64_t so INT64_MIN negates without overflow. */
    uint64_t magnitude = value < 0 ? (uint64_t)0 - (uint64_t)value : (uint64_t)value;
    do { digits[n++] = (char)('0' + magnitude % 10); magnitude /= 10; } while (magnitude != 0);
    reserve(s, 21);
    char *out = s->buffer + s->length;
    if (value < 0) *out++ = '-';
    while (n > 0) *out++ = digits[--n];
    s->length = (size_t)(out - s->buffer);
}

/* What each byte of character data needs: 0 copy; 1 markup escape; 2 illegal control → U+FFFD;
 * 3 possible start of U+FFFE/U+FFFF (EF BF BE/BF). */
static const unsigned char text_class[256] = {
    2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 2, 2, 1, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0,
    [0xEF] = 3,
};

int64_t ig_xml_sink_text(ig_xml_sink *s, const char *text, size_t length) {
    const unsigned char *in = (const unsigned char *)text;
    const unsigned char *end = in + length;
    int64_t replaced = 0;
    while (in < end) {
        /* Worst case per input byte is 6 output bytes (&quot;); keep room for a run of 64. */
        reserve(s, 64 * 6);
        char *out = s->buffer + s->length;
        const unsigned char *stop = end - in > 64 ? in + 64 : end;
        while (in < stop) {
            unsigned char byte = *in;
            switch (text_class[byte]) {
            case 0:
                *out++ = (char)byte; in++;
                break;
            case 1: {
                const char *entity;
                size_t n;
                switch (byte) {
                case '<': entity = "&lt;"; n = 4; break;
                case '>': entity = "&gt;"; n = 4; break;
                case '&': entity = "&amp;"; n = 5; break;
                case '"': entity = "&quot;"; n = 6; break;
                default: entity = "&#13;"; n = 5; break; /* CR */
                }
                memcpy(out, entity, n); out += n; in++;
                break;
            }
            case 2:
                memcpy(out, "\xEF\xBF\xBD", 3); out += 3; in++; replaced++;
                break;
            default: /* 0xEF */
                if (end - in >= 3 && in[1] == 0xBF && (in[2] & 0xFE) == 0xBE) {
                    memcpy(out, "\xEF\xBF\xBD", 3); out += 3; in += 3; replaced++;
                } else {
                    *out++ = (char)byte; in++;
                }
                break;
            }
        }
        s->length = (size_t)(out - s->buffer);
    }
    return replaced;
}

void ig_xml_sink_json_string(ig_xml_sink *s, const char *text, size_t length) {
    static const char hex[] = "0123456789abcdef";
    const unsigned char *in = (const unsigned char *)text;
    const unsigned char *end = in + length;
    ig_xml_sink_raw(s, "&quot;", 6);
    while (in < end) {
        /* Worst case per input byte: \u00XX (6) or \&quot; (7); keep room for a run of 64. */
        reserve(s, 64 * 7);
        char *out = s->buffer + s->length;
        const unsigned char *stop = end - in > 64 ? in + 64 : end;
        while (in < stop) {
            unsigned char byte = *in++;
            switch (byte) {
            case '"': memcpy(out, "\\&quot;", 7); out += 7; break;
            case '\\': memcpy(out, "\\\\", 2); out += 2; break;
            case '\n': memcpy(out, "\\n", 2); out += 2; break;
            case '\r': memcpy(out, "\\r", 2); out += 2; break;
            case '\t': memcpy(out, "\\t", 2); out += 2; break;
            case '<': memcpy(out, "&lt;", 4); out += 4; break;
            case '>': memcpy(out, "&gt;", 4); out += 4; break;
            case '&': memcpy(out, "&amp;", 5); out += 5; break;
            default:
                if (byte < 0x20) {
                    memcpy(out, "\\u00", 4); out[4] = hex[byte >> 4]; out[5] = hex[byte & 15]; out += 6;
                } else if (byte == 0xEF && end - in >= 2 && in[0] == 0xBF && (in[1] & 0xFE) == 0xBE) {
                    memcpy(out, "\\ufff", 5); out[5] = (in[1] == 0xBE) ? 'e' : 'f'; out += 6; in += 2;
                } else {
                    *out++ = (char)byte;
                }
            }
        }
        s->length = (size_t)(out - s->buffer);
    }
    ig_xml_sink_raw(s, "&quot;", 6);
}

int64_t ig_xml_sink_bytes_written(const ig_xml_sink *s) { return s->flushed + (int64_t)s->length; }
int ig_xml_sink_errno(const ig_xml_sink *s) { return s->error_number; }
