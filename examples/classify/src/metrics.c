/* metrics.c: responses by status code, an inference-latency histogram and the decode-error count
 * under one mutex, a free-memory gauge, and their Prometheus text exposition (format 0.0.4). */
#include "metrics.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static const double bounds[] = { 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10 };
#define NBOUNDS (sizeof bounds / sizeof bounds[0])

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned long long responses[600];       /* by status code */
static unsigned long long in_bucket[NBOUNDS + 1]; /* last: above every bound */
static unsigned long long inferences, decode_errors;
static double inference_seconds;

void metrics_count_response(int status)
{
	if (status < 100 || status > 599) return;
	pthread_mutex_lock(&lock);
	responses[status]++;
	pthread_mutex_unlock(&lock);
}

void metrics_observe_inference(double seconds)
{
	size_t i = 0;
	while (i < NBOUNDS && seconds > bounds[i]) i++;
	pthread_mutex_lock(&lock);
	in_bucket[i]++;
	inferences++;
	inference_seconds += seconds;
	pthread_mutex_unlock(&lock);
}

void metrics_count_decode_error(void)
{
	pthread_mutex_lock(&lock);
	decode_errors++;
	pthread_mutex_unlock(&lock);
}

/* MemFree from /proc/meminfo in bytes, or -1 when unreadable. In a uni image that file is the
 * guest's own page allocator, so the gauge shows whether the server leaks under load. */
static long long memory_free_bytes(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	if (!f) return -1;
	char line[128];
	long long kb = -1;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "MemFree: %lld kB", &kb) == 1) break;
	fclose(f);
	return kb < 0 ? -1 : kb * 1024;
}

static void render(FILE *f, long long free_bytes)
{
	fprintf(f, "# HELP classify_http_responses_total HTTP responses sent by the API, by status code.\n"
		   "# TYPE classify_http_responses_total counter\n");
	for (int code = 100; code < 600; code++)
		if (responses[code]) fprintf(f, "classify_http_responses_total{code=\"%d\"} %llu\n", code, responses[code]);
	fprintf(f, "# HELP classify_inference_seconds Time spent in the network's forward pass.\n"
		   "# TYPE classify_inference_seconds histogram\n");
	unsigned long long cumulative = 0;
	for (size_t i = 0; i < NBOUNDS; i++) {
		cumulative += in_bucket[i];
		fprintf(f, "classify_inference_seconds_bucket{le=\"%g\"} %llu\n", bounds[i], cumulative);
	}
	fprintf(f, "classify_inference_seconds_bucket{le=\"+Inf\"} %llu\n", inferences);
	fprintf(f, "classify_inference_seconds_sum %.6f\n", inference_seconds);
	fprintf(f, "classify_inference_seconds_count %llu\n", inferences);
	fprintf(f, "# HELP classify_image_decode_errors_total Request bodies that did not decode to an image.\n"
		   "# TYPE classify_image_decode_errors_total counter\n"
		   "classify_image_decode_errors_total %llu\n", decode_errors);
	if (free_bytes >= 0)
		fprintf(f, "# HELP classify_memory_free_bytes Free memory of the machine (MemFree in /proc/meminfo).\n"
			   "# TYPE classify_memory_free_bytes gauge\n"
			   "classify_memory_free_bytes %lld\n", free_bytes);
}

char *metrics_render(size_t *len)
{
	char *text = NULL;
	FILE *f = open_memstream(&text, len);
	if (!f) return NULL;
	long long free_bytes = memory_free_bytes(); /* read outside the lock: it is a file read */
	pthread_mutex_lock(&lock);
	render(f, free_bytes);
	pthread_mutex_unlock(&lock);
	if (fclose(f)) {
		free(text);
		return NULL;
	}
	return text;
}
