#include "CLibXML2.h"
#include "common.h"
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

struct ig_xml_writer {
    xmlTextWriterPtr writer;
    int fd;
    int error_number;
    int64_t bytes;
    int silenced;
};

/* libxml2 prints "I/O error : write error" through the thread's error handler after our callback
 * fails; we report the errno ourselves, so the handler is silenced for the failing call and restored
 * right after it (same thread: the callback runs inside the call). */
static void ig_silent(void *context, xmlErrorPtr error) { (void)context; (void)error; }

/* xmlOutputBuffer write callback: all bytes or -1 (libxml2 then stops writing and reports errors). */
static int ig_write(void *context, const char *buffer, int length) {
    ig_xml_writer *w = context;
    if (w->error_number != 0) return -1;
    int done = 0;
    while (done < length) {
        ssize_t n = write(w->fd, buffer + done, (size_t)(length - done));
        if (n < 0) {
            if (errno == EINTR) continue;
            w->error_number = errno;
            w->silenced = 1;
            xmlSetStructuredErrorFunc(NULL, ig_silent);
            return -1;
        }
        done += (int)n;
    }
    w->bytes += length;
    return length;
}

/* The descriptor belongs to the caller. */
static int ig_close(void *context) { (void)context; return 0; }

ig_xml_writer *ig_xml_writer_open_fd(int fd, int indent) {
    ig_xml_init();
    ig_xml_writer *w = calloc(1, sizeof *w);
    if (w == NULL) return NULL;
    w->fd = fd;
    xmlOutputBufferPtr out = xmlOutputBufferCreateIO(ig_write, ig_close, w, NULL);
    if (out == NULL) { free(w); return NULL; }
    w->writer = xmlNewTextWriter(out); /* owns out from here on */
    if (w->writer == NULL) { xmlOutputBufferClose(out); free(w); return NULL; }
    if (indent) {
        xmlTextWriterSetIndent(w->writer, 1);
        xmlTextWriterSetIndentString(w->writer, BAD_CAST "  ");
    }
    return w;
}

void ig_xml_writer_free(ig_xml_writer *w) {
    if (w == NULL) return;
    xmlFreeTextWriter(w->writer);
    free(w);
}

static int finish(ig_xml_writer *w, int rc) {
    if (w->silenced) { w->silenced = 0; xmlSetStructuredErrorFunc(NULL, NULL); }
    return (rc < 0 || w->error_number != 0) ? -1 : 0;
}

int ig_xml_writer_start_document(ig_xml_writer *w) {
    return finish(w, xmlTextWriterStartDocument(w->writer, "1.0", "UTF-8", NULL));
}
int ig_xml_writer_end_document(ig_xml_writer *w) { return finish(w, xmlTextWriterEndDocument(w->writer)); }
int ig_xml_writer_start_element(ig_xml_writer *w, const char *name) {
    return finish(w, xmlTextWriterStartElement(w->writer, BAD_CAST name));
}
int ig_xml_writer_end_element(ig_xml_writer *w) { return finish(w, xmlTextWriterEndElement(w->writer)); }
int ig_xml_writer_attribute(ig_xml_writer *w, const char *name, const char *value) {
    return finish(w, xmlTextWriterWriteAttribute(w->writer, BAD_CAST name, BAD_CAST value));
}
int ig_xml_writer_text(ig_xml_writer *w, const char *value) {
    return finish(w, xmlTextWriterWriteString(w->writer, BAD_CAST value));
}
int ig_xml_writer_text_element(ig_xml_writer *w, const char *name, const char *value) {
    return finish(w, xmlTextWriterWriteElement(w->writer, BAD_CAST name, BAD_CAST value));
}
int ig_xml_writer_element_with_attribute(ig_xml_writer *w, const char *name, const char *attribute,
                                         const char *attribute_value, const char *text) {
    if (xmlTextWriterStartElement(w->writer, BAD_CAST name) < 0) return finish(w, -1);
    if (xmlTextWriterWriteAttribute(w->writer, BAD_CAST attribute, BAD_CAST attribute_value) < 0) return finish(w, -1);
    if (xmlTextWriterWriteString(w->writer, BAD_CAST text) < 0) return finish(w, -1);
    return finish(w, xmlTextWriterEndElement(w->writer));
}
int ig_xml_writer_flush(ig_xml_writer *w) {
    return finish(w, xmlTextWriterFlush(w->writer));
}
int64_t ig_xml_writer_bytes_written(const ig_xml_writer *w) { return w->bytes; }
int ig_xml_writer_errno(const ig_xml_writer *w) { return w->error_number; }
