#include <stdlib.h>
#include <utf8proc.h>
static inline void seams_utf8proc_free(void *p) { free(p); }
