#include "common.h"
#include <pthread.h>

static pthread_once_t ig_xml_once = PTHREAD_ONCE_INIT;

static void ig_xml_init_once(void) {
    /* libxml2 must be initialised once before threads use it concurrently (see xmlInitParser). */
    xmlInitParser();
}

void ig_xml_init(void) { pthread_once(&ig_xml_once, ig_xml_init_once); }

void ig_xml_copy_error(char *destination, size_t size, const char *message, int line) {
    if (destination == NULL || size == 0) return;
    if (message == NULL) message = "unknown error";
    char text[1024];
    /* libxml2 messages end in a newline; drop it so the Swift side can compose sentences. */
    snprintf(text, sizeof text, "%s", message);
    size_t length = strlen(text);
    while (length > 0 && (text[length - 1] == '\n' || text[length - 1] == ' ')) text[--length] = '\0';
    if (line > 0) snprintf(destination, size, "line %d: %s", line, text);
    else snprintf(destination, size, "%s", text);
}
