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
};

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

static int status(int rc) { return rc < 0 ? -1 : 0; }

int ig_xml_writer_start_document(ig_xml_writer *w) {
    return status(xmlTextWriterStartDocument(w->writer, "1.0", "UTF-8", NULL));
}
int ig_xml_writer_end_document(ig_xml_writer *w) { return status(xmlTextWriterEndDocument(w->writer)); }
int ig_xml_writer_start_element(ig_xml_writer *w, const char *name) {
    return status(xmlTextWriterStartElement(w->writer, BAD_CAST name));
}
int ig_xml_writer_end_element(ig_xml_writer *w) { return status(xmlTextWriterEndElement(w->writer)); }
int ig_xml_writer_attribute(ig_xml_writer *w, const char *name, const char *value) {
    return status(xmlTextWriterWriteAttribute(w->writer, BAD_CAST name, BAD_CAST value));
}
int ig_xml_writer_text(ig_xml_writer *w, const char *value) {
    return status(xmlTextWriterWriteString(w->writer, BAD_CAST value));
}
int ig_xml_writer_text_element(ig_xml_writer *w, const char *name, const char *value) {
    return status(xmlTextWriterWriteElement(w->writer, BAD_CAST name, BAD_CAST value));
}
int ig_xml_writer_element_with_attribute(ig_xml_writer *w, const char *name, const char *attribute,
                                         const char *attribute_value, const char *text) {
    if (xmlTextWriterStartElement(w->writer, BAD_CAST name) < 0) return -1;
    if (xmlTextWriterWriteAttribute(w->writer, BAD_CAST attribute, BAD_CAST attribute_value) < 0) return -1;
    if (xmlTextWriterWriteString(w->writer, BAD_CAST text) < 0) return -1;
    return status(xmlTextWriterEndElement(w->writer));
}
int ig_xml_writer_flush(ig_xml_writer *w) {
    int rc = xmlTextWriterFlush(w->writer);
    return (rc < 0 || w->error_number != 0) ? -1 : 0;
}
int64_t ig_xml_writer_bytes_written(const ig_xml_writer *w) { return w->bytes; }
int ig_xml_writer_errno(const ig_xml_writer *w) { return w->error_number; }
