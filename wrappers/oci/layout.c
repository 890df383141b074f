/* layout.c: the OCI image layout (image-spec image-layout.md): oci-layout, index.json and the
 * blobs they name: one layer tar, the image config and the manifest. */
#include "oci.h"
#include "buf.h"
#include "sha256.h"
#include "tar.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MT_INDEX "application/vnd.oci.image.index.v1+json"
#define MT_MANIFEST "application/vnd.oci.image.manifest.v1+json"
#define MT_CONFIG "application/vnd.oci.image.config.v1+json"
/* Uncompressed: the image is what the layer is, and no zlib is needed to write it. */
#define MT_LAYER "application/vnd.oci.image.layer.v1.tar"

struct desc {
	char digest[65];
	size_t size;
};

static void write_file(const char *path, const void *data, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		uni_die("writing the layout: cannot create %s: %s (fix: choose a writable -o DIR)", path, strerror(errno));
	for (const char *p = data; n;) {
		ssize_t w = write(fd, p, n);
		if (w < 0)
			uni_die("writing the layout: cannot write %s: %s (fix: free space, or "
				"choose another -o DIR)", path, strerror(errno));
		p += w;
		n -= (size_t)w;
	}
	if (close(fd) != 0)
		uni_die("writing the layout: cannot write %s: %s (fix: free space, or choose "
			"another -o DIR)", path, strerror(errno));
}

static void make_dir(const char *path)
{
	if (mkdir(path, 0755) != 0 && errno != EEXIST)
		uni_die("writing the layout: cannot create directory %s: %s (fix: choose a "
			"writable -o DIR)",
			path, strerror(errno));
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
		uni_die("writing the layout: %s exists and is not a directory (fix: choose another "
			"-o DIR)", path);
}

/* mkdir -p dir; then dir must be empty or an OCI layout already (which is then replaced). */
static void prepare_dir(const char *dir)
{
	char *p = uni_xstrdup(dir);
	for (char *s = strchr(p + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = 0;
		make_dir(p);
		*s = '/';
	}
	make_dir(dir);
	if (access(dir, W_OK) != 0)
		uni_die("writing the layout: %s is not writable: %s (fix: choose a writable -o DIR)", dir, strerror(errno));
	DIR *d = opendir(dir);
	if (!d)
		uni_die("writing the layout: cannot read %s: %s (fix: make it readable, or choose "
			"another -o DIR)", dir, strerror(errno));
	int other = 0, layout = 0;
	for (struct dirent *e; (e = readdir(d));) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (!strcmp(e->d_name, "oci-layout"))
			layout = 1;
		else
			other = 1;
	}
	closedir(d);
	if (other && !layout)
		uni_die("writing the layout: %s holds files and is not an OCI image layout, and "
			"uni-oci replaces only an existing layout (fix: give an empty or new -o "
			"DIR)", dir);
	make_dir(uni_strf("%s/blobs", dir));
	make_dir(uni_strf("%s/blobs/sha256", dir));
}

/* Stores data as blobs/sha256/DIGEST. */
static struct desc blob(const char *dir, const void *data, size_t n)
{
	struct desc d = { .size = n };
	sha256_hex(data, n, d.digest);
	write_file(uni_strf("%s/blobs/sha256/%s", dir, d.digest), data, n);
	return d;
}

static void json_desc(struct buf *b, const char *media, struct desc d)
{
	buf_addf(b, "{\"mediaType\":\"%s\",\"digest\":\"sha256:%s\",\"size\":%zu", media, d.digest, d.size);
}

static void json_strv(struct buf *b, const struct strv *v)
{
	buf_add(b, "[", 1);
	for (size_t i = 0; i < v->n; i++) {
		if (i)
			buf_add(b, ",", 1);
		buf_json_str(b, v->v[i]);
	}
	buf_add(b, "]", 1);
}

/* The layer: boot/NAME (KubeVirt's kernel, owned by the container-disk user, readable and
 * executable by all) and uni/NAME, a hard link to it (the container's entrypoint). */
static struct buf layer(const struct oci_opts *o, const char *data, size_t size, long mtime)
{
	struct buf b = { 0 };
	char *kernel = uni_strf("%s/%s", OCI_KERNEL_DIR, o->name);
	tar_dir(&b, OCI_KERNEL_DIR "/", 0755, mtime);
	tar_file(&b, kernel, 0555, OCI_DISK_UID, OCI_DISK_UID, mtime, data, size);
	tar_dir(&b, OCI_ENTRY_DIR "/", 0755, mtime);
	tar_hardlink(&b, uni_strf("%s/%s", OCI_ENTRY_DIR, o->name), kernel, 0555, OCI_DISK_UID,
		     OCI_DISK_UID, mtime);
	tar_end(&b);
	return b;
}

/* The image config (image-spec config.md): an image run directly is a process (UNI_DIRECT=1,
 * docs/PLATFORMS.md); ARGS after -- are its Cmd. */
static struct buf config(const struct oci_opts *o, struct desc diff)
{
	struct buf b = { 0 };
	struct strv env = { 0 }, entry = { 0 };
	strv_push(&env, "UNI_DIRECT=1");
	strv_append(&env, &o->env);
	strv_pushf(&entry, "/%s/%s", OCI_ENTRY_DIR, o->name);
	buf_addf(&b, "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Env\":");
	json_strv(&b, &env);
	buf_addf(&b, ",\"Entrypoint\":");
	json_strv(&b, &entry);
	if (o->args.n) {
		buf_addf(&b, ",\"Cmd\":");
		json_strv(&b, &o->args);
	}
	buf_addf(&b, ",\"WorkingDir\":\"/\"},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:%s\"]},"
		     "\"history\":[{\"created_by\":\"uni-oci %s\"}]}", diff.digest, UNI_VERSION);
	return b;
}

void oci_write_layout(const struct oci_opts *o, const char *data, size_t size)
{
	/* Every timestamp is SOURCE_DATE_EPOCH's, else 0: the same image gives the same digests. */
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	long mtime = sde && atol(sde) > 0 ? atol(sde) : 0;
	prepare_dir(o->dir);

	struct buf tar = layer(o, data, size, mtime);
	struct desc ld = blob(o->dir, tar.p, tar.n);
	struct buf cfg = config(o, ld);
	struct desc cd = blob(o->dir, cfg.p, cfg.n);

	struct buf man = { 0 };
	buf_addf(&man, "{\"schemaVersion\":2,\"mediaType\":\"%s\",\"config\":", MT_MANIFEST);
	json_desc(&man, MT_CONFIG, cd);
	buf_addf(&man, "},\"layers\":[");
	json_desc(&man, MT_LAYER, ld);
	buf_addf(&man, "}],\"annotations\":{\"org.opencontainers.image.title\":");
	buf_json_str(&man, o->name);
	buf_addf(&man, "}}");
	struct desc md = blob(o->dir, man.p, man.n);

	/* index.json last: until it is written the layout names nothing half-made. */
	struct buf idx = { 0 };
	buf_addf(&idx, "{\"schemaVersion\":2,\"mediaType\":\"%s\",\"manifests\":[", MT_INDEX);
	json_desc(&idx, MT_MANIFEST, md);
	buf_addf(&idx, ",\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"},"
		       "\"annotations\":{\"org.opencontainers.image.ref.name\":");
	buf_json_str(&idx, o->tag);
	buf_addf(&idx, "}}]}\n");
	const char *ver = "{\"imageLayoutVersion\":\"1.0.0\"}\n";
	write_file(uni_strf("%s/oci-layout", o->dir), ver, strlen(ver));
	write_file(uni_strf("%s/index.json", o->dir), idx.p, idx.n);
}
