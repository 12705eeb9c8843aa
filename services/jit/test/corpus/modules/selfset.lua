-- Sets its own package.loaded entry and returns nothing.
package.loaded[...] = { set = "by itself" }
