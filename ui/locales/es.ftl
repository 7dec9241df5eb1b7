# Las palabras del quiosco, en español (para pacientes del sur de California; de "usted").
# Cada clave debe estar también en en.ftl (una prueba lo revisa).

welcome-title = Bienvenido a { $clinic }
welcome-invite = Toque su idioma para comenzar
home-title = Infórmese sobre los tratamientos
home-lead = Toque un tema para leer sobre él.
home-lists-title = Preguntas para cualquier tratamiento
home-lists-summary = Preguntas para antes de un tratamiento nuevo, sobre el costo y sobre sus medicinas
start-over = Empezar de nuevo
home = Inicio
back = Atrás
my-questions = Mis preguntas ({ $count })
key-facts = Datos clave
evidence-approved = Aprobado por la FDA para este uso
evidence-off-label = Uso "fuera de etiqueta": aprobado para otros usos; algunos estudios apoyan este uso
evidence-not-proven = No comprobado: los buenos estudios no han mostrado que funcione
evidence-advised-against = Las autoridades de EE. UU. advierten en contra
may-help = A quién podría ayudar
should-not-have = Quién no debe recibirlo
main-risks = Riesgos principales
last-updated = Actualizado por última vez el { $date }
reviewed-by = Revisado por { $name } el { $date }
next-review = Próxima revisión: { $date }
sections = En esta página
sources = Fuentes
scan-to-open = Escanee con su teléfono para abrirlo
not-medical-advice = Esta es información general, no un consejo médico. Hable con su proveedor de salud sobre su caso.
crisis-title = Si necesita ayuda ahora
crisis-body = Si está en peligro, llame al 911. Si piensa en el suicidio o está en una crisis emocional, llame o envíe un mensaje de texto al 988, a cualquier hora, gratis.
fallback-notice = Esta página todavía no está en español. Aquí la tiene en inglés.
questions-to-ask = Preguntas para hacer
question-add = Agregar
question-added = Agregada
review-title = Mis preguntas para mi proveedor
review-empty = Todavía no ha agregado preguntas. Toque “Agregar” junto a una pregunta para agregarla.
move-up = Subir
move-down = Bajar
remove = Quitar
print = Imprimir mis preguntas
printing = Imprimiendo…
printed = Imprimiendo… por favor recójala en la recepción.
print-error-not-configured = La impresión no está configurada en este quiosco. Por favor muestre esta pantalla en la recepción.
print-error-printer = La impresora no está funcionando en este momento. Por favor muestre esta pantalla en la recepción. Sus preguntas siguen aquí.
print-error-other = Algo salió mal al imprimir. Por favor pida ayuda en la recepción. Sus preguntas siguen aquí.
idle-title = ¿Sigue ahí?
idle-body = Para proteger su privacidad, esta pantalla se borrará en { $seconds } segundos.
idle-stay = Sigo aquí
text-size = Tamaño del texto
text-smaller = Texto más pequeño
text-larger = Texto más grande
contrast = Alto contraste
language = Idioma
no-content-title = Todavía no hay contenido
no-content-body = Este quiosco todavía no tiene temas para mostrar. Por favor pregunte en la recepción.
error-title = Lo sentimos, algo salió mal

# Agregadas por la interfaz: las palabras cortas sobre la evidencia en cada cuadro de la pantalla
# de inicio, y la nota de un cuadro cuya página se muestra en inglés porque aún no está traducida.
evidence-short-approved = Aprobado por la FDA
evidence-short-off-label = Uso fuera de etiqueta
evidence-short-not-proven = No comprobado
evidence-short-advised-against = Con advertencia oficial
in-english = En inglés

# Leer en voz alta
listen = Escuchar
listen-pause = Pausa
listen-resume = Seguir
listen-stop = Parar
listen-slower = Más despacio
listen-failed = Lo sentimos, la lectura en voz alta no funciona en este momento.
# La pregunta propia del paciente, escrita con el teclado del quiosco
own-add = Agregar mi propia pregunta
own-title = Escriba su pregunta
own-letters = letras
own-empty = Primero escriba una pregunta, o toque Cancelar.
kb-shift = Mayúscula
kb-numbers = Números
kb-letters = Letras
kb-space = Espacio
kb-backspace = Borrar
kb-done = Listo
kb-cancel = Cancelar
