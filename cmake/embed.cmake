# Writes a C file that embeds files as byte arrays.
# Usage: cmake -DOUT=file.c -DSYMBOL=name -DBASE=dir -DFILES="a;b" -P embed.cmake
# The C file defines: const struct embedded_file SYMBOL[] (terminated by a
# zeroed entry), with each name relative to BASE, sorted by name, and the
# first 16 hex digits of each file's SHA-256 (what changes when it does).
list(SORT FILES)
set(body "#include <stddef.h>\n#include \"core/embed.h\"\n\n")
set(table "const struct embedded_file ${SYMBOL}[] = {\n")
set(i 0)
foreach(f IN LISTS FILES)
  file(READ "${f}" hex HEX)
  file(SIZE "${f}" size)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," hex "${hex}")
  string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" hex "${hex}")
  file(RELATIVE_PATH rel "${BASE}" "${f}")
  file(SHA256 "${f}" sum)
  string(SUBSTRING "${sum}" 0 16 sum)
  string(APPEND body "static const unsigned char ${SYMBOL}_${i}[] = {\n${hex}0x00};\n")
  string(APPEND table "\t{ \"${rel}\", ${SYMBOL}_${i}, ${size}, \"${sum}\" },\n")
  math(EXPR i "${i} + 1")
endforeach()
string(APPEND table "\t{ NULL, NULL, 0, NULL }\n};\n")
file(WRITE "${OUT}.tmp" "${body}\n${table}")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
