#include "CLibXML2.h"
#include "common.h"
#include <errno.h>
#include <stdlib.h>

struct ig_xml_writer {
    xmlTextWriterPtr writer;
    ig_xml_sink *sink;
    int silenced;
};

/* libxml2 prints "I/O error : write error" through the thread's error handler after our callback
 * fails; we report the errno ourselves, so the handler is silenced for the failing call and restored
 * right after it (same thread: the callback runs inside the call). */
static void ig_silent(void *context, xmlErrorPtr error) { (void)context; (void)error; }

/* xmlOutputBuffer write callback: into the sink, or -1 once the sink's write(2) failed (libxml2
 * then stops writing and reports errors). */
static int ig_write(void *context, const char *buffer, int length) {
    ig_xml_writer *w = context;
    if (ig_xml_sink_errno(w->sink) == 0) ig_xml_sink_raw(w->sink, buffer, (size_t)length);
    if (ig_xml_sink_errno(w->sink) != 0) {
        w->silenced = 1;
        xmlSetStructuredErrorFunc(NULL, ig_silent);
        return -1;
    }
    return length;
}

/* The sink belongs to the caller. */
static int ig_close(void *context) { (void)context; return 0; }

ig_xml_writer *ig_xml_writer_open_sink(ig_xml_sink *sink, int indent) {
    ig_xml_init();
    ig_xml_writer *w = calloc(1, sizeof *w);
    if (w == NULL) return NULL;
    w->sink = sink;
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
    return (rc < 0 || ig_xml_sink_errno(w->sink) != 0) ? -1 : 0;
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
int ig_xml_writer_errno(const ig_xml_writer *w) { return ig_xml_sink_errno(w->sink); }

char *ig_xml_encode_special_chars(const char *text) {
    ig_xml_init();
    return (char *)xmlEncodeSpecialChars(NULL, BAD_CAST text);
}
void ig_xml_free(void *pointer) { xmlFree(pointer); }
