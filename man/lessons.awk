# lessons.awk: turns man/lessons.txt into the man page's LESSONS section (format=roff) or
# into the C table behind kticker --lesson (format=c). One source, two readers.
#   "@ N Title"       starts lesson N
#   "Label: text"     a step (Start, Press, Watch, Why, Try)
#   "  more text"     continues the step above
function c_string(s) {
	gsub(/\\/, "&&", s) # doubled: & is the match, portably
	gsub(/"/, "\\\"", s)
	return "\"" s "\\n\""
}
function roff(s) {
	gsub(/\\/, "\\e", s)
	if (s ~ /^[.']/)
		s = "\\&" s # else troff reads the line as a request, and drops it
	return s
}
function close_lesson() {
	if (format == "c" && open)
		print "\t},"
	open = 0
}
/^@ / {
	close_lesson()
	number = $2
	title = $0
	sub(/^@ [0-9]+ /, "", title)
	if (format == "roff") {
		print ".SS \"" number ". " title "\""
	} else {
		print "\t{ " number ", " c_string(title) ","
		open = 1
	}
	next
}
/^$/ { next }
/^  / {
	text = $0
	sub(/^  /, "", text)
	print (format == "roff" ? roff(text) : "\t  " c_string("  " text))
	next
}
{
	label = $0
	sub(/:.*/, "", label)
	text = $0
	sub(/^[A-Za-z]+: /, "", text)
	if (format == "roff")
		print ".TP 7\n.B " label "\n" roff(text)
	else
		print "\t  " c_string($0)
}
END { close_lesson() }
