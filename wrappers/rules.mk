# rules.mk: how the host programs of uni are compiled (the drivers here, tools/model): flags,
# the triple, platforms and version compiled in, and the object rule. Set TOP (the repository
# root, absolute: the dependency files then hold for every Makefile that includes this) and
# OUT before including it.

# The including Makefile's "all", not the first rule of a dependency file below.
.DEFAULT_GOAL := all

ifeq ($(OUT),)
$(error set OUT to the absolute out directory: make OUT=/abs/out)
endif

TARGET := $(TOP)/toolchains/target.txt
target = $(shell sed -n 's/^$(1)[[:space:]][[:space:]]*//p' $(TARGET))
TRIPLE := $(call target,triple)
PLATFORMS := $(call target,platforms)
CC := gcc
CFLAGS ?= -O2 -g
# _GNU_SOURCE: vasprintf, strndup, strsignal from glibc.
CFLAGS += -std=gnu11 -D_GNU_SOURCE -I$(TOP)/wrappers/common -I$(TOP)/kernel/include -Wall -Wextra
# The version every driver prints (--version) is VERSION's one line, and nothing else's.
VERSION := $(shell cat $(TOP)/VERSION)
CPPFLAGS += -DUNI_TRIPLE='"$(TRIPLE)"' -DUNI_PLATFORMS='"$(PLATFORMS)"' -DUNI_VERSION='"$(VERSION)"'
BIN := $(OUT)/bin

# The helpers every driver links (messages, processes, argv vectors), as paths from TOP.
COMMON_SRC := $(patsubst $(TOP)/%,%,$(wildcard $(TOP)/wrappers/common/*.c))

# Objects under $(OUT)/build, named by their path from TOP, so that a program here and one in
# tools/ may share them. target.txt defines the triple and platforms compiled in, VERSION the
# version, this file the flags.
OBJ := $(OUT)/build
objs = $(patsubst %.c,$(OBJ)/%.o,$(1) $(COMMON_SRC))
$(OBJ)/%.o: $(TOP)/%.c $(TARGET) $(TOP)/VERSION $(TOP)/kernel/include/uni/abi.h $(TOP)/wrappers/rules.mk
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

-include $(shell find $(OBJ)/wrappers $(OBJ)/tools -name '*.d' 2>/dev/null)
