/* bare_window — the reference for the player benchmark: SDL2 opens a window, Pango draws
 * one paragraph into a Cairo surface, it becomes a texture, one frame is shown, exit. */
#include <SDL.h>
#include <pango/pangocairo.h>

int main(int argc, char **argv) {
  (void)argc, (void)argv;
  if (SDL_Init(SDL_INIT_VIDEO) != 0) return 2;
  SDL_Window *w = SDL_CreateWindow("bare", 0, 0, 1024, 768, SDL_WINDOW_HIDDEN);
  SDL_Renderer *r = SDL_CreateRenderer(w, -1, SDL_RENDERER_SOFTWARE);
  SDL_Texture *t =
      SDL_CreateTexture(r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING, 1024, 768);
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1024, 768);
  cairo_t *cr = cairo_create(s);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  PangoLayout *pl = pango_cairo_create_layout(cr);
  PangoFontDescription *fd = pango_font_description_from_string("Noto Sans 14");
  pango_layout_set_font_description(pl, fd);
  pango_layout_set_width(pl, 700 * PANGO_SCALE);
  pango_layout_set_text(pl,
                        "Phishing adalah email atau pesan palsu yang dibuat seolah-olah dari "
                        "pihak tepercaya: bank, atasan, atau tim IT kantor sendiri.",
                        -1);
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_move_to(cr, 40, 40);
  pango_cairo_show_layout(cr, pl);
  cairo_surface_flush(s);
  SDL_UpdateTexture(t, NULL, cairo_image_surface_get_data(s), cairo_image_surface_get_stride(s));
  SDL_RenderCopy(r, t, NULL, NULL);
  SDL_RenderPresent(r);
  g_object_unref(pl);
  pango_font_description_free(fd);
  cairo_destroy(cr);
  cairo_surface_destroy(s);
  SDL_DestroyTexture(t);
  SDL_DestroyRenderer(r);
  SDL_DestroyWindow(w);
  SDL_Quit();
  return 0;
}
