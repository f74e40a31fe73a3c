/* conffile.h: kticker's configuration file, found as kcat finds its own: -F FILE, else
 * $KTICKER_CONFIG, else $XDG_CONFIG_HOME/kticker/kticker.conf (~/.config when unset), which
 * may be missing. Lines are key=value (spaces around them ignored), a # starts a comment
 * line. A file with a secret in it (kconf_is_secret) must not be readable by group or
 * others: it is refused, with how to fix it. */
#ifndef KTICKER_CONFFILE_H
#define KTICKER_CONFFILE_H

#include <stdbool.h>
#include <stddef.h>

#define CONFFILE_MAX_ENTRIES 64

struct conffile_entry {
	const char *setting; /* "key=value", spaces removed */
	size_t key_len;
	int line;
};

struct conffile {
	char path[4096];     /* "" when no file applies */
	char *text;          /* the file's contents, which the entries point into */
	struct conffile_entry entries[CONFFILE_MAX_ENTRIES];
	int count;
};

/* Reads the file that applies into *c (zeroed, or loaded before: that text is freed);
 * explicit is -F's argument or NULL. True when there is none
 * to read (path ""); false with a message in err (which never holds a value). */
bool conffile_load(struct conffile *c, const char *explicit, char *err, size_t err_size);

#endif
