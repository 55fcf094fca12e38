#ifndef SEAMS_CCURL_SHIM_H
#define SEAMS_CCURL_SHIM_H
// Fixed-arity wrappers for libcurl's variadic setters and getters, which Swift cannot call.
#include <curl/curl.h>

typedef size_t (*seams_curl_data_callback)(char *ptr, size_t size, size_t nmemb, void *userdata);
typedef int (*seams_curl_xferinfo_callback)(void *userdata, curl_off_t dltotal, curl_off_t dlnow,
                                            curl_off_t ultotal, curl_off_t ulnow);

static inline CURLcode seams_curl_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode seams_curl_setopt_off(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode seams_curl_setopt_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode seams_curl_setopt_pointer(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode seams_curl_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode seams_curl_setopt_data_callback(CURL *h, CURLoption o, seams_curl_data_callback v) {
    return curl_easy_setopt(h, o, v);
}
static inline CURLcode seams_curl_setopt_xferinfo_callback(CURL *h, seams_curl_xferinfo_callback v) {
    return curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, v);
}
static inline CURLcode seams_curl_setopt_opensocket_callback(CURL *h, curl_opensocket_callback v) {
    return curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, v);
}
static inline CURLcode seams_curl_getinfo_long(CURL *h, CURLINFO i, long *out) { return curl_easy_getinfo(h, i, out); }
static inline CURLcode seams_curl_getinfo_string(CURL *h, CURLINFO i, char **out) { return curl_easy_getinfo(h, i, out); }
static inline CURLcode seams_curl_getinfo_off(CURL *h, CURLINFO i, curl_off_t *out) { return curl_easy_getinfo(h, i, out); }
static inline CURLMcode seams_curl_multi_setopt_long(CURLM *m, CURLMoption o, long v) { return curl_multi_setopt(m, o, v); }
static inline long seams_curl_global_default(void) { return CURL_GLOBAL_DEFAULT; }
static inline CURLcode seams_curl_msg_result(CURLMsg *msg) { return msg->data.result; }

#endif
