# TensorFlow's native environment for one SPARC-J command. Sourced, with the command line's arguments,
# by bin/sparc and by scripts/bench-eval.sh (as "eval"), so both run the same way. A variable already
# set is kept.
#
# The CPU allocator. Commands that train use TensorFlow's pooling (BFC) allocator: the default one
# hands every large buffer back to the OS and page-faults it in again next step, and pooling makes a
# paper-scale training step faster. Commands that only run the model forward use the system allocator
# with a fixed mmap threshold, so that every freed buffer above 128 KB goes back to the OS: a pool keeps
# the pages of every buffer it ever held, and glibc's adaptive threshold keeps freed buffers of up to
# 32 MB (a [1024 x 8192] block of logits) in its heap. Their peak anonymous memory falls by about 0.1 GB
# at the paper's shapes, at no cost in time (README, Evaluation at Open Images test size).
sparc_command=""
for sparc_arg in "$@"; do [[ "$sparc_arg" == -* ]] || { sparc_command="$sparc_arg"; break; }; done
case "$sparc_command" in
  eval|encode|export|atlas|stability|localise) sparc_pooled=false ;;
  *) sparc_pooled=true ;;
esac
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}"
export TF_CPU_ALLOCATOR_USE_BFC="${TF_CPU_ALLOCATOR_USE_BFC:-$sparc_pooled}"
if [[ "$TF_CPU_ALLOCATOR_USE_BFC" != true ]]; then export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-131072}"; fi
unset sparc_command sparc_arg sparc_pooled
