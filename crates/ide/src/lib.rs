//! Editor features on byte offsets. (Being written.)
