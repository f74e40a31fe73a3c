/* crt.c: curses setup, colors, UTF-8 or ASCII, and restoring the terminal. */
#include "crt.h"

#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "util.h"

struct crt crt;
/* Ctrl-Z's handling before initscr() installed ncurses' handler */
static struct sigaction stop_before;

static const struct {
	short fg, bg;
	int mono; /* attribute used without colors */
} palette[CLR_COUNT] = {
	[CLR_NORMAL] = { -1, -1, A_NORMAL },
	[CLR_TITLE] = { COLOR_BLACK, COLOR_CYAN, A_REVERSE },
	[CLR_UP] = { COLOR_GREEN, -1, A_NORMAL },
	[CLR_DOWN] = { COLOR_RED, -1, A_NORMAL },
	[CLR_DIM] = { COLOR_BLUE, -1, A_DIM },
	[CLR_WARN] = { COLOR_YELLOW, -1, A_BOLD },
	[CLR_ERROR] = { COLOR_RED, -1, A_BOLD },
	[CLR_HEADER] = { COLOR_BLACK, COLOR_GREEN, A_REVERSE },
	[CLR_FOCUS] = { COLOR_BLACK, COLOR_CYAN, A_REVERSE | A_BOLD },
	[CLR_KEY] = { COLOR_BLACK, COLOR_CYAN, A_REVERSE },
	[CLR_GOOD] = { COLOR_GREEN, -1, A_BOLD },
};

/* Home and End as terminals send them whatever their terminfo entry says: tmux sends
 * \e[1~ and \e[4~ to an application whose TERM is xterm's (\eOH, \eOF), rxvt \e[7~ and
 * \e[8~; as htop does, each is taken for the key. */
static void define_home_end_keys(void)
{
	static const char *const home[] = { "\033[1~", "\033[7~", "\033[H", "\033OH" };
	static const char *const end[] = { "\033[4~", "\033[8~", "\033[F", "\033OF" };
	for (size_t i = 0; i < sizeof(home) / sizeof(home[0]); i++) {
		define_key(home[i], KEY_HOME);
		define_key(end[i], KEY_END);
	}
}

/* The terminal's output processing off: with nonl()'s ONLCR off it changes nothing kticker
 * writes, yet the kernel still looked at every byte of every frame for it (a tenth to a
 * quarter of a busy frame's CPU time, in n_tty_write). Curses keeps it as its program mode,
 * and puts the shell's mode back on the way out. */
static void no_output_processing(void)
{
	struct termios t;
	if (tcgetattr(STDOUT_FILENO, &t) != 0)
		return;
	t.c_oflag &= ~(tcflag_t)OPOST;
	if (tcsetattr(STDOUT_FILENO, TCSADRAIN, &t) == 0)
		def_prog_mode();
}

void crt_init(const struct options *o)
{
	setlocale(LC_ALL, "");
	crt.utf8 = !o->ascii && strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	const char *no_color = getenv("NO_COLOR");
	sigaction(SIGTSTP, NULL, &stop_before);
	initscr();
	crt.active = true;
	util_set_fatal_hook(crt_done); /* an allocation failure restores the terminal first */
	cbreak();
	noecho();
	nonl();
	no_output_processing();
	keypad(stdscr, TRUE);
	define_home_end_keys();
	curs_set(0);
	set_escdelay(25);
	/* ncurses 6 flushes its output at every cursor movement until the screen has once been
	 * suspended and resumed (its _endwin state stays "initial"): a write(2) for the mvcur
	 * termout tells it the cursor with, after each frame's own write. Leaving and resuming
	 * once here, on a still empty screen, leaves those bytes for its next flush. */
	endwin();
	refresh();
	/* no polling of the keyboard in the middle of a frame: keys wait for the next one */
	typeahead(-1);
	crt.color = !o->no_color && !(no_color && *no_color) && has_colors();
	if (crt.color) {
		start_color();
		use_default_colors();
		for (short i = 1; i < CLR_COUNT; i++)
			init_pair(i, palette[i].fg, palette[i].bg);
	}
}

void crt_done(void)
{
	if (!crt.active)
		return;
	crt.active = false;
	curs_set(1);
	endwin();
	/* ncurses' handler outlives endwin(): a Ctrl-Z during the shutdown's flush would, after
	 * fg, put the terminal back in curses' modes and alternate screen, for good */
	sigaction(SIGTSTP, &stop_before, NULL);
}

void crt_fatal(const char *fmt, ...)
{
	crt_done();
	va_list ap;
	va_start(ap, fmt);
	fputs("kticker: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

int crt_attr(enum color c)
{
	if (c == CLR_NORMAL)
		return A_NORMAL;
	if (!crt.color)
		return palette[c].mono;
	return COLOR_PAIR(c) | (c == CLR_WARN || c == CLR_ERROR || c == CLR_FOCUS ? A_BOLD : 0);
}
