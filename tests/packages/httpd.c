/* httpd.c: a libmicrohttpd server on 127.0.0.1:PORT that answers every GET with a greeting that
 * names the URL, and exits after answering COUNT requests (default 3). */
#include <microhttpd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int served, count = 3;

static enum MHD_Result answer(void *cls, struct MHD_Connection *c, const char *url, const char *method,
			      const char *version, const char *data, size_t *size, void **state)
{
	static char body[512];
	(void)cls, (void)version, (void)data, (void)size, (void)state;
	if (strcmp(method, "GET")) return MHD_NO;
	snprintf(body, sizeof body, "hello from libmicrohttpd %s: %s\n", MHD_get_version(), url);
	struct MHD_Response *r = MHD_create_response_from_buffer(strlen(body), body, MHD_RESPMEM_MUST_COPY);
	MHD_add_response_header(r, "Content-Type", "text/plain");
	enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	served++;
	return ok;
}

int main(int argc, char **argv)
{
	if (argc < 2) { fprintf(stderr, "usage: httpd PORT [COUNT [any]]\n"); return 2; }
	if (argc > 2) count = atoi(argv[2]);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(atoi(argv[1])) };
	/* 127.0.0.1, or every address (an image reached through uni-run -p). */
	a.sin_addr.s_addr = htonl(argc > 3 ? INADDR_ANY : INADDR_LOOPBACK);
	struct MHD_Daemon *d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, atoi(argv[1]), NULL, NULL, answer, NULL,
						MHD_OPTION_SOCK_ADDR, &a, MHD_OPTION_END);
	if (!d) { fprintf(stderr, "httpd: MHD_start_daemon on 127.0.0.1:%s failed\n", argv[1]); return 1; }
	printf("listening on 127.0.0.1:%s\n", argv[1]);
	fflush(stdout);
	while (served < count) usleep(20000);
	usleep(100000); /* let the last response leave */
	MHD_stop_daemon(d);
	printf("served %d requests\n", served);
	return 0;
}
