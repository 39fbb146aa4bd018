# GLASSBOX_SANITIZE=address,undefined  or  GLASSBOX_SANITIZE=thread
if(GLASSBOX_SANITIZE)
  add_compile_options(-fsanitize=${GLASSBOX_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=${GLASSBOX_SANITIZE})
endif()
