/* resize.h: turns a decoded image into a network's input (darknet's layout, the ONNX engine's NCHW). */
#ifndef CLASSIFY_RESIZE_H
#define CLASSIFY_RESIZE_H

#include "image.h"

/* Writes W * H * 3 floats to OUT: IMG stretched to W x H (aspect ratio not kept) by bilinear
 * interpolation with aligned corners (output pixel x samples input x * (width-1) / (W-1), as
 * TensorFlow's resizeBilinear with alignCorners=true, which nsfwjs uses), each sample scaled to
 * [0,1] by /255, laid out as darknet expects: planar channels R, G, B (CHW), rows top to bottom. */
void resize_to_input(const struct image *img, int w, int h, float *out);

#endif
