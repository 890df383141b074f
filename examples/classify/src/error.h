/* error.h: why a request failed, as the HTTP status and the message its JSON error body carries. */
#ifndef CLASSIFY_ERROR_H
#define CLASSIFY_ERROR_H

struct api_error {
	int status;         /* HTTP status: 400, 413, 415, 422, 500, 503 ... */
	char message[256];  /* one sentence for the client, no trailing period */
};

/* Records STATUS and the printf-style message in E; returns -1 so callers can `return api_fail(...)`. */
int api_fail(struct api_error *e, int status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
