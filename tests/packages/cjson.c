/* cjson.c: parses each JSON file named on the command line with cJSON, prints it unformatted,
 * parses that again and checks that printing gives the same text (a round trip). */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	int bad = 0;
	printf("cJSON %s\n", cJSON_Version());
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		if (!f) { printf("cannot open %s\n", argv[i]); return 1; }
		static char buf[1 << 20];
		size_t n = fread(buf, 1, sizeof buf - 1, f);
		fclose(f);
		buf[n] = 0;
		cJSON *j = cJSON_Parse(buf);
		if (!j) { printf("parse error near: %.20s\n", cJSON_GetErrorPtr()); bad = 1; continue; }
		char *once = cJSON_PrintUnformatted(j);
		cJSON *again = cJSON_Parse(once);
		char *twice = cJSON_PrintUnformatted(again);
		printf("%s\n", once);
		if (strcmp(once, twice) || !cJSON_Compare(j, again, 1)) { printf("round trip differs\n"); bad = 1; }
		cJSON *pi = cJSON_GetObjectItemCaseSensitive(j, "pi");
		if (cJSON_IsNumber(pi)) printf("pi*2 = %.15g\n", pi->valuedouble * 2);
		free(once);
		free(twice);
		cJSON_Delete(j);
		cJSON_Delete(again);
	}
	puts(bad ? "RESULT: FAILED" : "RESULT: ok");
	return bad;
}
