// The .aemodel language. Layer kinds are not keywords: the grammar only knows
// `name(arg, key: value, ...)`; which names exist is decided by the compiler's layer table.
grammar Aemodel;

file
    : importDecl* declaration* EOF
    ;

importDecl
    : IMPORT STRING
    ;

declaration
    : modelDecl
    | trainDecl
    ;

// Sequential form:  model Encoder : 28x28x1 -> 4x4x8 { conv2d(16, kernel: 3x3) ... }
// Functional form:  model Autoencoder(x: 784) -> 784 { z = Encoder(x)  return Decoder(z) }
modelDecl
    : MODEL name=IDENT ':' input=shape ARROW output=shape '{' layerStmt* '}'                # sequentialModel
    | MODEL name=IDENT '(' param=IDENT ':' input=shape ')' ARROW output=shape '{' valueStmt* '}' # functionalModel
    ;

layerStmt
    : call
    ;

valueStmt
    : target=IDENT '=' expr     # assignStmt
    | RETURN expr               # returnStmt
    ;

// A call is a name followed by zero or more argument lists. In a sequential body the single
// list configures the layer; in a functional body the last list holds the input value.
call
    : IDENT argList*
    ;

argList
    : '(' (arg (',' arg)* ','?)? ')'
    ;

arg
    : key=IDENT ':' value=expr   # keywordArg
    | value=expr                 # positionalArg
    ;

// After a dot, `train` is a name (`mnist.train`, the training split), not the keyword.
expr
    : call                       # callExpr
    | IDENT ('.' member)+        # dottedExpr
    | shape                      # shapeExpr
    | '-'? FLOAT                 # floatExpr
    | STRING                     # stringExpr
    ;

member
    : IDENT
    | TRAIN
    ;

shape
    : SHAPE
    | '-'? INT
    ;

trainDecl
    : TRAIN model=IDENT '{' trainEntry* '}'
    ;

trainEntry
    : key=IDENT ':' value=expr
    ;

MODEL  : 'model' ;
TRAIN  : 'train' ;
IMPORT : 'import' ;
RETURN : 'return' ;
ARROW  : '->' ;

// 28x28x1 and 3x3 are single tokens so that `x` never needs to be an operator.
SHAPE  : DIGITS ('x' DIGITS)+ ;
FLOAT  : DIGITS '.' DIGITS EXPONENT? | DIGITS EXPONENT | '.' DIGITS EXPONENT? ;
INT    : DIGITS ;
IDENT  : [a-zA-Z_] [a-zA-Z_0-9]* ;
STRING : '"' (~["\\\r\n] | '\\' .)* '"' ;
// An unclosed string or block comment is one token of its own: the lexer reads it once (a file of
// unclosed `/*` would otherwise be rescanned to its end from each of them), and the compiler says
// what is wrong. They are never used by the parser.
UNTERMINATED_STRING : '"' (~["\\\r\n] | '\\' .)* ;

LINE_COMMENT : ('#' | '//') ~[\r\n]* -> channel(HIDDEN) ;
BLOCK_COMMENT : '/*' .*? '*/' -> channel(HIDDEN) ;
UNTERMINATED_COMMENT : '/*' (~'*' | '*'+ ~[*/])* '*'* EOF ;
WS     : [ \t\r\n\f]+ -> channel(HIDDEN) ;

// Anything else becomes one token the parser cannot use, so the error listener reports it in
// our own words instead of ANTLR's "token recognition error".
UNKNOWN_CHAR : . ;

fragment DIGITS   : [0-9]+ ;
fragment EXPONENT : [eE] [+-]? DIGITS ;
